// Takes the README screenshots of the built app: `npm run build && tsx scripts/screenshot.ts`.
import { launchBrowser, startStaticServer } from '../tests/e2e/harness.ts';

const server = await startStaticServer('dist');
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' });
  await page.goto(`${server.url}/#/kelsey-hightower`);
  await page.getByRole('article').first().waitFor();
  await page.screenshot({ path: 'docs/screenshot.png' });
  console.log('wrote docs/screenshot.png');
} finally {
  await browser.close();
  await server.close();
}
