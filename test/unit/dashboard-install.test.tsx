// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { Install } from '../../dashboard/src/pages/install';
import { admin, dashboardValue, find, mount, text } from './dashboard-helpers';

afterEach(() => document.body.replaceChildren());

describe('install page', () => {
  it('says what the anti-flicker class does, and what only a render-blocking tag guarantees', () => {
    const el = mount(<Install />, dashboardValue(admin));
    const page = text(find(el, '.install'));
    expect(page).toContain('html.dni-loading .phone{visibility:hidden}');
    // With an async tag the page can paint before the class exists: no promise of "never".
    expect(page).not.toMatch(/never see the old number/i);
    expect(page).toContain('puts the class dni-loading on <html>, and the rule hides those elements');
    expect(page).toContain('the browser may paint the page before that');
    expect(page).toContain('blocking="render"');
    expect(page).toContain('leave out async');
    expect(page).toContain("returning visitor's tracking number from the first frame");
  });
});
