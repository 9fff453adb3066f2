import { estimateOf } from './estimate';

describe('estimateOf', () => {
  it('marks an open deadline computed over a year without a notice, and nothing else', () => {
    expect(estimateOf({ status: 'open', approximate: true })).toEqual({ estimated: true });
    expect(estimateOf({ status: 'open', approximate: false })).toEqual({});
    expect(estimateOf({ status: 'closed', approximate: true })).toEqual({});
  });
});
