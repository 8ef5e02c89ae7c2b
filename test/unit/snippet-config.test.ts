// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../snippet/config';

function tag(attributes: Record<string, string>): HTMLScriptElement {
  const script = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  return script;
}

describe('readConfig', () => {
  it('takes the collector from the script’s own origin', () => {
    expect(readConfig(tag({ src: 'https://collector.example:8443/dni.js?v=2', 'data-site': 'site_a' }))).toEqual({
      site: 'site_a',
      api: 'https://collector.example:8443',
      consentRequired: false,
    });
  });

  it('lets data-api name another collector origin', () => {
    const config = readConfig(tag({ src: 'https://cdn.example/dni.js', 'data-site': 'site_a', 'data-api': 'https://collector.example/' }));
    expect(config?.api).toBe('https://collector.example');
  });

  it('reads data-consent="required"', () => {
    const config = readConfig(tag({ src: 'https://c.example/dni.js', 'data-site': 'site_a', 'data-consent': 'required' }));
    expect(config?.consentRequired).toBe(true);
  });

  it('is null without data-site or without a tag', () => {
    expect(readConfig(tag({ src: 'https://c.example/dni.js' }))).toBeNull();
    expect(readConfig(null)).toBeNull();
  });
});
