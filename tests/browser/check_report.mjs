// Renders a scripts/report page in Debian's headless Chromium and checks what a reader would see:
//   node check_report.mjs REPORT.html OUTPUT_DIR NAME
// Fails (exit 1, one line per problem) on console errors, page errors, any request that is not
// file: or data: (the page must work offline), a chart container that is empty, a PDF page count
// out of range, or a figure split across printed pages. Saves OUTPUT_DIR/NAME.png (full page,
// screen), OUTPUT_DIR/NAME.pdf (A4, as printed) and OUTPUT_DIR/NAME-figure-N.png (each figure).
//
// Split figures are checked two ways. In the browser, under print media at the printable width,
// each figure must have break-inside: avoid and be no taller than the printable page height (so
// Chromium can always keep it whole). In the PDF itself, each figure's title ("Figure N.") sits
// above its chart and its caption ("How to read figure N") below it; pdftotext must find both on
// the same page. A figure cut across pages fails the second check whatever the CSS says.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const [report, outDir, name] = process.argv.slice(2);
if (!report || !outDir || !name) {
  console.error('usage: node check_report.mjs REPORT.html OUTPUT_DIR NAME');
  process.exit(2);
}
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const problems = [];
fs.mkdirSync(outDir, { recursive: true });

// A4 landscape at the report's @page margins (12 mm), in CSS px (96 per inch).
const MM = 96 / 25.4;
const PRINT_WIDTH = Math.floor((297 - 24) * MM);
const PRINT_HEIGHT = Math.floor((210 - 24) * MM);

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`failed request: ${request.url()} (${request.failure()?.errorText})`));
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) {
      request.continue();
    } else {
      problems.push(`network request (the page must work offline): ${url}`);
      request.abort();
    }
  });

  await page.goto(pathToFileURL(path.resolve(report)).href, { waitUntil: 'load', timeout: 120000 });
  await page.waitForFunction(() => document.body.dataset.charts, { timeout: 120000 });
  const state = await page.evaluate(() => document.body.dataset.charts);
  if (state !== 'drawn') problems.push(`charts not drawn: body data-charts="${state}"`);

  // Every figure holds a drawn chart: a plotly plot with an SVG and at least one trace with a
  // finite value, or an image that decoded.
  const figures = await page.evaluate(() => [...document.querySelectorAll('figure.chart')].map((f) => {
    const title = f.querySelector('h3')?.textContent || f.id;
    const plot = f.querySelector('.js-plotly-plot');
    const image = f.querySelector('img');
    if (plot) {
      const traces = (plot._fullData || []).filter((t) => t.visible !== false);
      const finite = (values) => Array.from(values || []).some((v) => v !== null && Number.isFinite(+v));
      const withData = traces.filter((t) => finite(t.y) || finite(t.x) || finite(t.median));
      return { id: f.id, title, kind: 'plotly', svg: !!plot.querySelector('svg.main-svg'),
               traces: traces.length, withData: withData.length,
               drawn: plot.querySelectorAll('.trace').length };
    }
    if (image) return { id: f.id, title, kind: 'image', width: image.naturalWidth };
    return { id: f.id, title, kind: 'none' };
  }));
  if (figures.length === 0) problems.push('no figure on the page');
  for (const f of figures) {
    if (f.kind === 'none') problems.push(`${f.title}: no chart in the figure`);
    if (f.kind === 'image' && !(f.width > 0)) problems.push(`${f.title}: image did not decode`);
    if (f.kind === 'plotly' && !(f.svg && f.traces > 0 && f.withData > 0 && f.drawn > 0)) {
      problems.push(`${f.title}: empty chart (svg ${f.svg}, traces ${f.traces}, with data ` +
                    `${f.withData}, drawn ${f.drawn})`);
    }
  }

  await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
  for (const [k, f] of figures.entries()) {
    const element = await page.$(`#${f.id}`);
    await element.screenshot({ path: path.join(outDir, `${name}-figure-${k + 1}.png`) });
  }

  // Print layout: each figure avoids page breaks and fits the printable height.
  await page.emulateMediaType('print');
  await page.setViewport({ width: PRINT_WIDTH, height: PRINT_HEIGHT });
  const printed = await page.evaluate(() => [...document.querySelectorAll('figure.chart')].map((f) => {
    const style = getComputedStyle(f);
    return { title: f.querySelector('h3')?.textContent || f.id,
             avoid: [style.breakInside, style.pageBreakInside].includes('avoid'),
             height: f.getBoundingClientRect().height,
             width: f.scrollWidth };
  }));
  for (const f of printed) {
    if (!f.avoid) problems.push(`${f.title}: no break-inside: avoid in print`);
    if (f.height > PRINT_HEIGHT) {
      problems.push(`${f.title}: ${Math.round(f.height)} px tall, more than the printable ` +
                    `${PRINT_HEIGHT} px of an A4 landscape page`);
    }
    if (f.width > PRINT_WIDTH + 2) {
      problems.push(`${f.title}: ${f.width} px wide, wider than the printable ${PRINT_WIDTH} px`);
    }
  }
  const pdfPath = path.join(outDir, `${name}.pdf`);
  await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });

  // The PDF: page count in a sane range, and each figure's title and caption on one page.
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  const pages = text.split('\f').filter((p, i, all) => i < all.length - 1 || p.trim());
  const pageOf = (needle) => pages.findIndex((p) => p.replace(/\s+/g, ' ').includes(needle));
  const minPages = 2;
  const maxPages = 4 + 2 * figures.length;
  if (pages.length < minPages || pages.length > maxPages) {
    problems.push(`PDF has ${pages.length} pages, expected ${minPages} to ${maxPages}`);
  }
  for (let n = 1; n <= figures.length; n++) {
    const top = pageOf(`Figure ${n}.`);
    const bottom = pageOf(`How to read figure ${n}:`);
    if (top < 0 || bottom < 0) {
      problems.push(`figure ${n}: title or caption not found in the PDF's text`);
    } else if (top !== bottom) {
      problems.push(`figure ${n} is split across PDF pages ${top + 1} and ${bottom + 1}`);
    }
  }
  console.log(`${name}: ${figures.length} figures (${figures.map((f) => f.kind).join(', ')}), ` +
              `PDF ${pages.length} pages; screenshots in ${outDir}`);
} finally {
  await browser.close();
}
if (problems.length) {
  for (const p of problems) console.error(`${name}: ${p}`);
  process.exit(1);
}
