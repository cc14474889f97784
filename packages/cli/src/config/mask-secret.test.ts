import { describe, expect, it } from 'vitest';
import { maskSecret } from './mask-secret.js';

describe('maskSecret', () => {
  it('masks the password of a URL and secret query values, keeps the rest', () => {
    expect(maskSecret('postgres://app:s3cr%40t@db.example:5432/rag?sslmode=require')).toBe(
      'postgres://app:***@db.example:5432/rag?sslmode=require',
    );
    expect(maskSecret('http://chroma:8000/?token=abc&x=1')).toBe('http://chroma:8000/?token=***&x=1');
    expect(maskSecret('postgres://app@db/rag')).toBe('postgres://app@db/rag');
  });

  it('masks key=value secrets in text that is not a URL', () => {
    expect(maskSecret('host=db password=hunter2 user=app')).toBe('host=db password=*** user=app');
    expect(maskSecret('.synapse/')).toBe('.synapse/');
  });
});

describe('maskSecret keeps URLs as written', () => {
  it('adds no trailing slash', () => {
    expect(maskSecret('http://127.0.0.1:8000')).toBe('http://127.0.0.1:8000');
    expect(maskSecret('http://u:p@127.0.0.1:8000')).toBe('http://u:***@127.0.0.1:8000');
  });
});
