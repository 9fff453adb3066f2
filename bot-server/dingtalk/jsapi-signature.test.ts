import { jsapiSignature, urlForJsapiSignature } from './jsapi-signature';

it('matches the SHA-1 vector of the historical DingTalk sample (docs/dingtalk.md §6.7 `jsapi-signature-sha1`)', () => {
  expect(
    jsapiSignature({
      ticket: 'gUsHOoPPzLVZKVkClnESg88m7qMV4c0Ys9VGsMigqzZU7gA8PeoNzHODmYPZ85TYuoZryXuqEUFlXLN1OPEixm',
      nonceStr: 'abcde12345',
      timeStamp: 1463125744,
      url: 'http://test4.weixin.wtoip.com:80/wtoip/dingding/dzmp',
    }),
  ).toBe('d14dfc1d0d98cad2438e664723e8a9d8633b443f');
});

it('signs with SHA-256 when asked', () => {
  const signature = jsapiSignature({
    ticket: 't',
    nonceStr: 'n',
    timeStamp: '1',
    url: 'https://a/',
    algorithm: 'sha256',
  });
  expect(signature).toMatch(/^[0-9a-f]{64}$/);
});

it('drops the fragment, decodes the query once and keeps the port', () => {
  expect(urlForJsapiSignature('https://duban.example.gov.cn:8443/app/?next=%2Fmatters%3Fid%3D1#/home')).toBe(
    'https://duban.example.gov.cn:8443/app/?next=/matters?id=1',
  );
  expect(urlForJsapiSignature('https://a/b?x=%E0%A4%A')).toBe('https://a/b?x=%E0%A4%A');
  expect(urlForJsapiSignature('https://a/b#x')).toBe('https://a/b');
});
