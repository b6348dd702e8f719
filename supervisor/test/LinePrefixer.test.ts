import { LinePrefixer } from '../src/LinePrefixer';

describe('LinePrefixer', () => {
  it('prefixes every complete line with the service name', () => {
    const p = LinePrefixer.forService('issues');
    expect(p.push('{"msg":"a"}\n{"msg":"b"}\n')).toEqual([
      '[issues] {"msg":"a"}',
      '[issues] {"msg":"b"}',
    ]);
  });

  it('holds an unterminated line until the rest arrives', () => {
    const p = LinePrefixer.forService('gateway');
    expect(p.push('{"ms')).toEqual([]);
    expect(p.push('g":"x"}\n{"n')).toEqual(['[gateway] {"msg":"x"}']);
    expect(p.push('":1}\n')).toEqual(['[gateway] {"n":1}']);
  });

  it('keeps empty lines and drops carriage returns', () => {
    const p = LinePrefixer.forService('devdb');
    expect(p.push('a\r\n\r\nb\n')).toEqual(['[devdb] a', '[devdb] ', '[devdb] b']);
  });

  it('flushes a last line that has no line break, once', () => {
    const p = LinePrefixer.forService('issues');
    p.push('done\nError: listen EADDRINUSE');
    expect(p.flush()).toEqual(['[issues] Error: listen EADDRINUSE']);
    expect(p.flush()).toEqual([]);
  });
});
