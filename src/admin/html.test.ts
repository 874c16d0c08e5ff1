import { describe, expect, it } from 'vitest';
import { attrs, html, trustedHtml } from './html.ts';
import { formatMoney, parseMajor } from './money.ts';

describe('html', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const name = `<img src=x onerror="alert('x')">&`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;">&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;</p>',
    );
  });

  it('nests templates and lists without escaping them twice', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
    expect(html`${trustedHtml('<br>')}`.value).toBe('<br>');
  });

  it('renders boolean attributes present or absent', () => {
    expect(attrs({ required: true, disabled: false, value: '"x"' }).value).toBe(' required value="&quot;x&quot;"');
  });
});

describe('money', () => {
  it('parses major units exactly into cents', () => {
    expect(parseMajor('15')).toBe(1500);
    expect(parseMajor('15.5')).toBe(1550);
    expect(parseMajor(' 1,234.56 ')).toBe(123456);
    expect(parseMajor('-3.00')).toBe(-300);
    expect(parseMajor('0.07')).toBe(7);
  });

  it('refuses anything that is not an amount with at most two decimals', () => {
    for (const bad of ['', 'abc', '1.234', '1e3', '1.2.3', '--1', 'NaN', '١٢']) expect(parseMajor(bad)).toBeNull();
  });

  it('formats cents with the currency named', () => {
    expect(formatMoney(1500, 'USD')).toBe('15.00 USD');
    expect(formatMoney(-5, 'EUR')).toBe('-0.05 EUR');
  });
});
