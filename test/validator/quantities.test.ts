import { quantityOf } from '../../src/validator/rules/kubernetes/workload';

describe('Kubernetes quantities', () => {
  test.each([
    ['250m', 250],
    ['1', 1000],
    [1, 1000],
    [2, 2000],
    ['1.5', 1500],
    [0.5, 500],
    ['0.1', 100],
    ['1000m', 1000],
    ['2e0', 2000],
  ])('cpu %j is %d millicores', (value, millicores) => {
    expect(quantityOf('cpu', value)).toBe(millicores);
  });

  test.each([
    ['512Mi', 512 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1G', 1e9],
    ['256M', 256e6],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['128974848', 128974848],
    [1073741824, 1073741824],
    ['129e6', 129e6],
    ['1k', 1000],
  ])('memory %j is %d bytes', (value, bytes) => {
    expect(quantityOf('memory', value)).toBe(bytes);
  });

  test.each([['x'], ['1Gi '], ['1 Gi'], [''], ['1KB'], [null], [undefined], [{}]])(
    '%j is no quantity',
    (value) => {
      expect(quantityOf('memory', value)).toBeUndefined();
    },
  );
});
