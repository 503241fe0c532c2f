import {
  clusterServiceOf,
  namesClusterService,
  sameReceiver,
} from '../../charts/config/cluster-service-uri';

describe('which in-cluster Service a URI names', () => {
  test.each([
    ['http://thumbnailer.media.svc.cluster.local/x', { name: 'thumbnailer', namespace: 'media' }],
    [
      'https://THUMBNAILER.media.svc.cluster.local.:8443',
      { name: 'thumbnailer', namespace: 'media' },
    ],
    ['http://thumbnailer.media.svc', { name: 'thumbnailer', namespace: 'media' }],
    ['http://thumbnailer.media.svc.example.internal', { name: 'thumbnailer', namespace: 'media' }],
    ['http://thumbnailer.media', { name: 'thumbnailer', namespace: 'media' }],
    ['http://thumbnailer', { name: 'thumbnailer', namespace: undefined }],
    ['http://labels.example.com/in', undefined],
    ['http://10.0.0.7/', undefined],
    ['not a url', undefined],
  ])('%s', (uri, service) => {
    expect(clusterServiceOf(uri)).toEqual(service);
  });

  test('a bare name matches in any namespace, a qualified one only in its own', () => {
    expect(namesClusterService('http://thumbnailer', 'thumbnailer', 'media')).toBe(true);
    expect(namesClusterService('http://thumbnailer.other.svc', 'thumbnailer', 'media')).toBe(false);
    expect(namesClusterService('http://thumbnailer-2.media.svc', 'thumbnailer', 'media')).toBe(
      false,
    );
  });

  test('the same receiver: the same Service, else the same host and port', () => {
    expect(sameReceiver('http://dl/x', 'http://dl.media.svc.cluster.local/', 'media')).toBe(true);
    expect(sameReceiver('http://dl.other', 'http://dl.media.svc', 'media')).toBe(false);
    expect(sameReceiver('https://a.example.com/r', 'https://a.example.com/d', 'media')).toBe(true);
    expect(sameReceiver('https://a.example.com:8443/', 'https://a.example.com/', 'media')).toBe(
      false,
    );
  });
});
