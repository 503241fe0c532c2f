import * as visionPackage from '@google-cloud/vision';
import { ImageAnnotatorClient } from '@google-cloud/vision/build/src/v1';
import { GoogleAuth, PassThroughClient } from 'google-auth-library';
import { grpc } from 'google-gax';
import { visionClientOptions } from '../../src/labelers/vision-client';

/**
 * src/labelers/vision-client.ts loads the generated v1 client module rather than the package's
 * index (which also builds five API versions' helpers at load): it must stay the class the
 * package exports, so that a layout change in a new version of the package fails here.
 */
test('the v1 client module is the package’s ImageAnnotatorClient', () => {
  expect(ImageAnnotatorClient).toBe(visionPackage.ImageAnnotatorClient);
  expect(ImageAnnotatorClient).toBe(visionPackage.v1.ImageAnnotatorClient);
});

describe('one transport per endpoint scheme', () => {
  const auth = new GoogleAuth();

  test("none: the client's defaults (gRPC with TLS to Google's endpoint), the given auth", () => {
    expect(visionClientOptions(undefined, auth)).toStrictEqual({ auth });
    expect(visionClientOptions(undefined, undefined)).toStrictEqual({});
  });

  test('https://: REST with the given auth, port 443 by default', () => {
    expect(visionClientOptions(new URL('https://vision.example.com'), auth)).toStrictEqual({
      fallback: 'rest',
      protocol: 'https',
      apiEndpoint: 'vision.example.com',
      port: 443,
      auth,
    });
  });

  test('http://: REST without credentials, through Node’s fetch, port 80 by default', () => {
    const options = visionClientOptions(new URL('http://127.0.0.1'), auth);
    expect(options).toMatchObject({
      fallback: 'rest',
      protocol: 'http',
      apiEndpoint: '127.0.0.1',
      port: 80,
    });
    expect(options.authClient).toBeInstanceOf(PassThroughClient);
    expect(options).not.toHaveProperty('auth');
  });

  test('grpc://: gRPC without TLS and without credentials', () => {
    const options = visionClientOptions(new URL('grpc://127.0.0.1:9090'), auth);
    expect(options).toMatchObject({ apiEndpoint: '127.0.0.1', port: 9090 });
    expect(options).not.toHaveProperty('fallback');
    expect(options.sslCreds).toBeInstanceOf(grpc.ChannelCredentials);
    expect(options.sslCreds?._isSecure()).toBe(false);
    expect(options.authClient).toBeInstanceOf(PassThroughClient);
  });
});
