// Takes the README screenshots of the built app with real audio playing:
//   npm run build && npx tsx scripts/screenshot.ts
import { launchBrowser, startStaticServer } from '../tests/e2e/harness.ts';
import { episodeWithLocalAudio, speechWav } from '../tests/e2e/fixtures.ts';

const server = await startStaticServer('dist', episodeWithLocalAudio(speechWav()));
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' });
  await page.goto(`${server.url}/#/kelsey-hightower`);
  await page.getByRole('article').first().waitFor();
  await page.screenshot({ path: 'docs/screenshot.png' });
  await page.goto(`${server.url}/#/kelsey-hightower?t=40`);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(2500);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.screenshot({ path: 'docs/screenshot-playing.png' });
  const phone = await browser.newPage({
    viewport: { width: 360, height: 740 },
    colorScheme: 'dark',
    isMobile: true,
  });
  await phone.goto(`${server.url}/#/kelsey-hightower?t=60`);
  await phone.locator('article[aria-current="true"]').waitFor();
  await phone.waitForTimeout(500);
  await phone.screenshot({ path: 'docs/screenshot-phone.png' });
  console.log('wrote docs/screenshot.png, docs/screenshot-playing.png, docs/screenshot-phone.png');
} finally {
  await browser.close();
  await server.close();
}
