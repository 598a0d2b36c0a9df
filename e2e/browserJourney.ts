import { mkdirSync } from 'fs';
import { join } from 'path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * A person's journey through the running app, in Debian's Chromium: sign in
 * as a demo approver, open a service's Incidents tab, see the incident a
 * demo alert raised, approve as two people, see it execute; open FinOps, the
 * compliance card and the overview. Screenshots go to `screenshotDir`.
 */
export async function runBrowserJourney(
  url: string,
  screenshotDir: string,
): Promise<Check[]> {
  mkdirSync(screenshotDir, { recursive: true });
  const checks: Check[] = [];
  const consoleErrors: string[] = [];
  const browser: Browser = await chromium.launch({
    executablePath: process.env.AWOOOI_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const shot = (page: Page, name: string) =>
    page.screenshot({
      path: join(screenshotDir, `${name}.png`),
      fullPage: true,
    });

  async function signedIn(
    displayName: string,
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
    });
    const page = await context.newPage();
    page.on('console', msg => {
      if (msg.type() === 'error')
        consoleErrors.push(`${displayName}: ${msg.text()}`);
    });
    await page.goto(url);
    await page
      .getByRole('button', { name: `Sign in as ${displayName}` })
      .click();
    await page.getByText('Catalog').first().waitFor({ timeout: 60_000 });
    return { context, page };
  }

  async function check(
    name: string,
    fn: () => Promise<string | void>,
    page?: Page,
  ) {
    try {
      const detail = await fn();
      checks.push({ name, ok: true, detail: detail || undefined });
    } catch (error) {
      checks.push({
        name,
        ok: false,
        detail: (error as Error).message.split('\n')[0],
      });
      if (page)
        await shot(page, `failed-${name.replace(/\W+/g, '-')}`).catch(() => {});
    }
  }

  const incidentsPath = `${url}/catalog/default/component/frontend/incidents`;
  // The demo's frontend incident (titled by its redacted alert summary).
  async function openIncident(page: Page) {
    const until = Date.now() + 60_000;
    for (;;) {
      await page.goto(incidentsPath);
      const row = page.getByText(/frontend 5xx rate/).first();
      try {
        await row.waitFor({ timeout: 5_000 });
        await row.click();
        return;
      } catch (error) {
        // Analysis still running: look again, as a person would.
        if (Date.now() > until) throw error;
      }
    }
  }
  let alice: { context: BrowserContext; page: Page } | undefined;
  try {
    await check('sign in as a demo approver (Alice, DevOps)', async () => {
      alice = await signedIn('Alice (DevOps)');
    });
    if (!alice) return checks;
    const page = alice.page;

    await check(
      'Incidents tab shows the demo incident and its root cause',
      async () => {
        await openIncident(page);
        await page
          .getByText('postgres-db')
          .first()
          .waitFor({ timeout: 30_000 });
        await page
          .getByRole('button', { name: 'Approve & execute' })
          .first()
          .waitFor({ timeout: 30_000 });
        await shot(page, 'incidents-tab');
      },
      page,
    );

    await check(
      'first approval (Alice) is recorded, the proposal waits for a second',
      async () => {
        await page
          .getByRole('button', { name: 'Approve & execute' })
          .first()
          .click();
        await page
          .getByText('already signed')
          .first()
          .waitFor({ timeout: 30_000 });
      },
      page,
    );

    await check(
      'second approval (Bob, SRE) executes the fix',
      async () => {
        const bob = await signedIn('Bob (SRE)');
        await openIncident(bob.page);
        await bob.page
          .getByRole('button', { name: 'Approve & execute' })
          .first()
          .click({ timeout: 30_000 });
        await bob.page
          .getByText('EXECUTED')
          .first()
          .waitFor({ timeout: 30_000 });
        await shot(bob.page, 'approval-executed');
        await bob.context.close();
      },
      page,
    );

    await check(
      "Alice's page shows the execution without a reload (signals)",
      async () => {
        await page.getByText('EXECUTED').first().waitFor({ timeout: 30_000 });
      },
      page,
    );

    await check(
      'FinOps tab shows the waste and proposes a fix',
      async () => {
        // The old reports job left a 200 GiB volume bound to no pod.
        await page.goto(
          `${url}/catalog/default/component/reports-batch/finops`,
        );
        await page
          .getByText(/monthly waste/i)
          .first()
          .waitFor({ timeout: 30_000 });
        await page
          .getByText('pvc/data/old-reports-data')
          .first()
          .waitFor({ timeout: 30_000 });
        await page
          .getByRole('button', { name: /propose fix/i })
          .first()
          .click();
        await page.getByText('PENDING').first().waitFor({ timeout: 30_000 });
        await shot(page, 'finops-tab');
      },
      page,
    );

    await check(
      'compliance card on the overview',
      async () => {
        await page.goto(`${url}/catalog/default/resource/postgres-db`);
        await page
          .getByText(/compliance/i)
          .first()
          .waitFor({ timeout: 30_000 });
        await page
          .getByText('encryption_at_rest')
          .or(page.getByText(/encryption at rest/i))
          .first()
          .waitFor({ timeout: 30_000 });
        await shot(page, 'compliance-card');
      },
      page,
    );

    await check(
      'AWOOOI overview page',
      async () => {
        await page.goto(`${url}/awoooi`);
        await page
          .getByText(/open incidents/i)
          .first()
          .waitFor({ timeout: 30_000 });
        await page
          .getByText(/unmapped alerts/i)
          .first()
          .waitFor({ timeout: 30_000 });
        await shot(page, 'overview-page');
      },
      page,
    );

    await check('no console errors', async () => {
      const own = consoleErrors.filter(
        e =>
          !/favicon|manifest\.json|Failed to load resource: the server responded with a status of 401/i.test(
            e,
          ),
      );
      if (own.length)
        throw new Error(`${own.length} console errors, first: ${own[0]}`);
    });
  } finally {
    await alice?.context.close().catch(() => {});
    await browser.close();
  }
  return checks;
}
