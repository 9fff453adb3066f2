import { ConfigError, loadConfig } from '../config/config';
import { subjectsOf } from './kinds';

describe('DINGTALK_TODO_KINDS', () => {
  it('defaults to every kind, takes a list or none, and refuses an unknown kind', () => {
    expect(loadConfig({}).todoKinds).toEqual(['documents', 'matters', 'meetings']);
    expect(loadConfig({ DINGTALK_TODO_KINDS: '' }).todoKinds).toEqual(['documents', 'matters', 'meetings']);
    expect(loadConfig({ DINGTALK_TODO_KINDS: ' meetings , documents,meetings' }).todoKinds).toEqual([
      'meetings',
      'documents',
    ]);
    expect(loadConfig({ DINGTALK_TODO_KINDS: 'none' }).todoKinds).toEqual([]);
    expect(() => loadConfig({ DINGTALK_TODO_KINDS: 'documents,letters' })).toThrow(ConfigError);
    expect(() => loadConfig({ DINGTALK_TODO_KINDS: 'documents,letters' })).toThrow(/DINGTALK_TODO_KINDS/);
  });

  it('maps each kind to the deadline subjects it covers', () => {
    expect(subjectsOf(['meetings'])).toEqual(['meeting_attendee']);
    expect(subjectsOf(['documents', 'matters'])).toEqual([
      'document',
      'document_step',
      'matter',
      'matter_period',
      'extension_request',
    ]);
    expect(subjectsOf([])).toEqual([]);
  });
});
