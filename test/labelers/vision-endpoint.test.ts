import { ConfigError } from '../../src/errors';
import { loadConfig } from '../../src/config/load-config';
import { parseEndpoint } from '../../src/labelers/vision-endpoint';

/** `VISION_API_ENDPOINT`: the scheme names the client's transport (README.md, Configuration). */
describe('accepted, by the configuration and by the labeler', () => {
  test.each([
    ['http://127.0.0.1:9090', 'http:', '127.0.0.1', '9090'],
    ['https://vision.example.com', 'https:', 'vision.example.com', ''],
    ['grpc://127.0.0.1:9090', 'grpc:', '127.0.0.1', '9090'],
    ['grpc://localhost:50051/', 'grpc:', 'localhost', '50051'],
  ])('%s', (value, protocol, hostname, port) => {
    expect(parseEndpoint(value)).toMatchObject({ protocol, hostname, port });
    expect(loadConfig({ LABELER: 'vision', VISION_API_ENDPOINT: value })).toMatchObject({
      visionApiEndpoint: value,
    });
  });
});

describe('refused, naming the variable and the accepted forms', () => {
  test.each([
    ['grpc://127.0.0.1', 'a gRPC endpoint without a port'],
    ['grpc://127.0.0.1:9/v1', 'a path'],
    ['grpcs://127.0.0.1:9', 'a scheme the client has no transport for'],
    ['grpc://user@127.0.0.1:9', 'user info'],
    ['grpc://127.0.0.1:9?x=1', 'a query'],
  ])('%s (%s)', (value) => {
    expect(() => parseEndpoint(value)).toThrow(ConfigError);
    expect(() => parseEndpoint(value)).toThrow(
      /expected an http:\/\/ or https:\/\/ URL \(REST\).*grpc:\/\/host:port/,
    );
    expect(() => loadConfig({ LABELER: 'vision', VISION_API_ENDPOINT: value })).toThrow(
      expect.objectContaining({ variable: 'VISION_API_ENDPOINT' }) as Error,
    );
  });
});
