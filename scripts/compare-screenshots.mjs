/**
 * `node scripts/compare-screenshots.mjs <before-dir> <after-dir>`: for a refactor that must not change
 * what people see. Compares the PNGs both folders hold by name, pixel by pixel, in Debian's Chromium
 * (no image library needed), and prints each one's share of differing pixels, largest first. Clocks
 * and relative times in a screenshot differ between runs, so read the list rather than trusting a
 * threshold: a moved layout shows as a large share, a changed time as a tiny one.
 */
/* global Image, document -- the comparison runs inside the page */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const [before, after] = process.argv.slice(2);
if (!before || !after) {
  console.error('usage: node scripts/compare-screenshots.mjs <before-dir> <after-dir>');
  process.exit(2);
}
const pngs = (dir) => new Set(readdirSync(dir).filter((name) => name.endsWith('.png')));
const inBefore = pngs(before);
const inAfter = pngs(after);
const both = [...inBefore].filter((name) => inAfter.has(name)).sort();
const onlyBefore = [...inBefore].filter((name) => !inAfter.has(name));
const onlyAfter = [...inAfter].filter((name) => !inBefore.has(name));

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage();
const dataUrl = (dir, name) => `data:image/png;base64,${readFileSync(join(dir, name)).toString('base64')}`;
const rows = [];
for (const [i, name] of both.entries()) {
  process.stderr.write(`\rcomparing ${i + 1} of ${both.length}`);
  const result = await page.evaluate(
    async ([a, b]) => {
      const load = (src) =>
        new Promise((resolve, reject) => {
          const img = new Image();
          img.onload = () => resolve(img);
          img.onerror = () => reject(new Error('unreadable PNG'));
          img.src = src;
        });
      const [x, y] = await Promise.all([load(a), load(b)]);
      if (x.width !== y.width || x.height !== y.height)
        return { size: `${x.width}×${x.height} → ${y.width}×${y.height}`, share: 1 };
      const pixels = (img) => {
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d');
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, img.width, img.height).data;
      };
      const p = pixels(x);
      const q = pixels(y);
      let differing = 0;
      for (let k = 0; k < p.length; k += 4)
        if (p[k] !== q[k] || p[k + 1] !== q[k + 1] || p[k + 2] !== q[k + 2]) differing++;
      return { size: `${x.width}×${x.height}`, share: differing / (p.length / 4) };
    },
    [dataUrl(before, name), dataUrl(after, name)],
  );
  rows.push({ name, ...result });
}
process.stderr.write('\n');
await browser.close();

rows.sort((a, b) => b.share - a.share);
for (const row of rows)
  console.log(`${(row.share * 100).toFixed(3).padStart(8)} %  ${row.name}  ${row.size}`);
const same = rows.filter((row) => row.share === 0).length;
console.log(
  `${rows.length.toLocaleString('en-US')} compared: ${same} identical, ${rows.length - same} differ`,
);
if (onlyBefore.length) console.log(`only before: ${onlyBefore.join(', ')}`);
if (onlyAfter.length) console.log(`only after: ${onlyAfter.join(', ')}`);
