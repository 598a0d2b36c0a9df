import { join } from 'path';
import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Opens the frontend's entity page in Chromium as a guest of the adopter's
 * app and finds the Incidents tab with the tracer bullet's incident, its
 * analysis (root cause) and the approval card of the executed fix.
 */
export async function checkEntityPage(
  url: string,
  screenshotDir: string,
): Promise<string> {
  const browser = await chromium.launch({
    executablePath: process.env.AWOOOI_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const page = await browser.newPage({
    viewport: { width: 1400, height: 1000 },
  });
  try {
    await page.goto(`${url}/catalog/default/component/frontend`);
    const enter = page.getByRole('button', { name: /enter/i }).first();
    await enter.waitFor({ timeout: 60_000 });
    await enter.click();
    // The Incidents tab sits in the entity page's "Operation" group.
    await page.getByText('Operation').first().click({ timeout: 60_000 });
    await page.getByText('Incidents').first().click({ timeout: 10_000 });
    await page
      .getByText(/frontend 5xx rate/)
      .first()
      .click({ timeout: 60_000 });
    await page.getByText('postgres-db').first().waitFor({ timeout: 30_000 });
    await page.getByText('EXECUTED').first().waitFor({ timeout: 30_000 });
    await page.screenshot({
      path: join(screenshotDir, 'adopter-incidents-tab.png'),
      fullPage: true,
    });
    return 'Incidents tab: the tracer incident, root cause postgres-db, approval card EXECUTED';
  } catch (error) {
    await page
      .screenshot({
        path: join(screenshotDir, 'adopter-failed.png'),
        fullPage: true,
      })
      .catch(() => {});
    throw error;
  } finally {
    await browser.close();
  }
}
