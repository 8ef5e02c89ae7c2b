// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { numberSwapper } from '../../snippet/matcher';
import { swapTree } from '../../snippet/swap';

const swapNumbers = numberSwapper([['+18005550100', '+18005550123']]);

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('swapTree', () => {
  it('swaps numbers in text nodes at any depth, keeping the markup', () => {
    document.body.innerHTML = '<header><p>Call <b>(800) 555-0100</b> today</p></header><footer>800.555.0100</footer>';
    swapTree(document.body, swapNumbers);
    expect(document.body.innerHTML).toBe('<header><p>Call <b>(800) 555-0123</b> today</p></header><footer>800.555.0123</footer>');
  });

  it('rewrites tel: links in any format and leaves other links alone', () => {
    document.body.innerHTML = `
      <a id="e164" href="tel:+18005550100">call</a>
      <a id="dashed" href="tel:1-800-555-0100">call</a>
      <a id="encoded" href="tel:(800)%20555-0100">call</a>
      <a id="upper" href="TEL:8005550100">call</a>
      <a id="other" href="tel:+18005550199">call</a>
      <a id="web" href="https://example.com/8005550100">web</a>`;
    swapTree(document.body, swapNumbers);
    const href = (id: string) => document.getElementById(id)!.getAttribute('href');
    expect(href('e164')).toBe('tel:+18005550123');
    expect(href('dashed')).toBe('tel:1-800-555-0123');
    expect(href('encoded')).toBe('tel:(800) 555-0123');
    expect(href('upper')).toBe('TEL:8005550123');
    expect(href('other')).toBe('tel:+18005550199');
    expect(href('web')).toBe('https://example.com/8005550100');
  });

  it('swaps the root itself: a text node or a link', () => {
    const text = document.createTextNode('800-555-0100');
    swapTree(text, swapNumbers);
    expect(text.data).toBe('800-555-0123');
    const link = document.createElement('a');
    link.href = 'tel:8005550100';
    swapTree(link, swapNumbers);
    expect(link.getAttribute('href')).toBe('tel:8005550123');
  });

  it.each([
    ['script', '<script>var phone = "800-555-0100";</script>'],
    ['style', '<style>.x::after { content: "800-555-0100" }</style>'],
    ['textarea', '<textarea>800-555-0100</textarea>'],
    ['select', '<select><option>800-555-0100</option></select>'],
    ['contenteditable', '<div contenteditable="true"><p>800-555-0100</p></div>'],
    ['data-dni-noswap', '<div data-dni-noswap><p>Our main line: <span>800-555-0100</span></p></div>'],
    ['a tel: link under data-dni-noswap', '<p data-dni-noswap><a href="tel:8005550100">x</a></p>'],
  ])('never swaps inside %s', (_where, html) => {
    document.body.innerHTML = html;
    const before = document.body.innerHTML;
    swapTree(document.body, swapNumbers);
    expect(document.body.innerHTML).toBe(before);
  });

  it('leaves input values alone', () => {
    document.body.innerHTML = '<input value="800-555-0100"><p>800-555-0100</p>';
    swapTree(document.body, swapNumbers);
    expect(document.querySelector('input')!.value).toBe('800-555-0100');
    expect(document.querySelector('p')!.textContent).toBe('800-555-0123');
  });

  it('does not touch text nodes that hold no number', () => {
    document.body.innerHTML = '<p>Hello 2026</p>';
    const text = document.querySelector('p')!.firstChild as Text;
    const observed: MutationRecord[] = [];
    const observer = new MutationObserver((records) => observed.push(...records));
    observer.observe(document.body, { subtree: true, characterData: true });
    swapTree(document.body, swapNumbers);
    observed.push(...observer.takeRecords());
    expect(text.data).toBe('Hello 2026');
    expect(observed).toHaveLength(0);
  });
});
