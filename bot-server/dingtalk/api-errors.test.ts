import { oapiError, openApiError } from './api-errors';

describe('old-style envelope {errcode, errmsg}', () => {
  it('is no error when errcode is 0 (number or string)', () => {
    expect(oapiError('/x', 200, { errcode: 0, errmsg: 'ok' })).toBeUndefined();
    expect(oapiError('/x', 200, { errcode: '0', errmsg: 'ok' })).toBeUndefined();
  });

  it.each([
    [{ errcode: 40014, errmsg: '不合法的access_token' }, 'api_token_expired', false],
    [{ errcode: 42001, errmsg: 'access_token超时' }, 'api_token_expired', false],
    [
      { errcode: 88, sub_code: '40014', sub_msg: '不合法的access_token', errmsg: 'ding talk error' },
      'api_token_expired',
      false,
    ],
    [{ errcode: 88, sub_code: '90018', sub_msg: '限流' }, 'api_throttled', true],
    [{ errcode: 88, sub_code: '60011', sub_msg: '应用尚未开通所需的权限' }, 'api_error', false],
    [{ errcode: 88, errmsg: '鉴权异常' }, 'api_error', false],
    [{ errcode: 90018, errmsg: 'qps' }, 'api_throttled', true],
    [{ errcode: 90002, errmsg: 'qps api' }, 'api_throttled', true],
    [{ errcode: -1, errmsg: '系统繁忙' }, 'api_busy', true],
    [{ errcode: 90020, errmsg: '月调用量' }, 'api_quota_exhausted', false],
    [{ errcode: 40078, errmsg: '不存在的临时授权码' }, 'api_auth_code_invalid', false],
    [{ errcode: 40096, errmsg: '不合法的appKey或appSecret' }, 'api_bad_credentials', false],
    [{ errcode: 60121, errmsg: '找不到该用户', request_id: 'r1' }, 'api_error', false],
  ])('%j → %s', (body, code, retryable) => {
    expect(oapiError('/topapi/x', 200, body)).toMatchObject({ code, retryable, api: '/topapi/x', httpStatus: 200 });
  });

  it('keeps errcode, sub_code and request_id', () => {
    expect(oapiError('/x', 200, { errcode: 88, sub_code: '40014', sub_msg: 'bad', request_id: 'req-1' })).toMatchObject(
      {
        errcode: 88,
        subCode: '40014',
        requestId: 'req-1',
      },
    );
  });

  it('treats a body without errcode as a bad response', () => {
    expect(oapiError('/x', 502, '<html>')).toMatchObject({ code: 'api_bad_response', retryable: true });
    expect(oapiError('/x', 200, { ok: true })).toMatchObject({ code: 'api_bad_response', retryable: false });
  });
});

describe('new-style envelope {code, message, requestid}', () => {
  it.each([
    [400, 'InvalidAuthentication', 'api_token_expired', false],
    [403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', 'api_throttled', true],
    [403, 'Forbidden.AccessDenied.QpmLimitForAppkeyAndApi', 'api_throttled', true],
    [403, 'Forbidden.AccessDenied.ApiCountLimitForOrg', 'api_quota_exhausted', false],
    [400, 'invalidClientIdOrSecret', 'api_bad_credentials', false],
    [500, 'systemError', 'api_busy', true],
    [503, 'somethingNew', 'api_busy', true],
    [400, 'aflowProcessInstNotExist', 'api_error', false],
  ])('HTTP %i %s → %s', (status, errcode, code, retryable) => {
    expect(openApiError('/v1.0/x', status, { code: errcode, message: 'm', requestid: 'rid' })).toMatchObject({
      code,
      retryable,
      errcode,
      requestId: 'rid',
      httpStatus: status,
    });
  });
});
