import { mkdirSync } from 'fs';
import { join } from 'path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { CheckPlan } from './checks';

/** The journey's checks, in the order it runs them. */
export const JOURNEY_CHECKS = {
  signIn: 'sign in as a demo approver (Alice, DevOps)',
  incident: 'Incidents tab shows the demo incident and its root cause',
  firstApproval:
    'first approval (Alice) is recorded, the proposal waits for a second',
  secondApproval: 'second approval (Bob, SRE) executes the fix',
  signals: "Alice's page shows the execution without a reload (signals)",
  finops: 'FinOps tab shows the waste and proposes a fix',
  compliance: 'compliance card on the overview',
  overview: 'AWOOOI overview page',
  console: 'no console errors',
} as const;

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
  plan: CheckPlan,
): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
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
    if (!(await plan.run(name, fn)) && page)
      await shot(page, `failed-${name.replace(/\W+/g, '-')}`).catch(() => {});
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
    await check(JOURNEY_CHECKS.signIn, async () => {
      alice = await signedIn('Alice (DevOps)');
    });
    if (!alice) {
      plan.notRun(Object.values(JOURNEY_CHECKS), 'sign-in as Alice failed');
      return;
    }
    const page = alice.page;

    await check(
      JOURNEY_CHECKS.incident,
      async () => {
        await openIncident(page);
        // The top-ranked cause, not the name anywhere on the page (the
        // alert list and the blast radius mention it too).
        const top = page.locator('ol[aria-label="root causes"] > li').first();
        await top
          .getByRole('navigation', {
            name: 'path to resource:default/postgres-db',
          })
          .waitFor({ timeout: 30_000 });
        const text = await top.innerText();
        if (!/#1/.test(text) || !/probable cause/.test(text))
          throw new Error(`top root cause reads: ${text.slice(0, 200)}`);
        await page
          .getByRole('button', { name: 'Approve & execute' })
          .first()
          .waitFor({ timeout: 30_000 });
        await shot(page, 'incidents-tab');
      },
      page,
    );

    await check(
      JOURNEY_CHECKS.firstApproval,
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
      JOURNEY_CHECKS.secondApproval,
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
      JOURNEY_CHECKS.signals,
      async () => {
        await page.getByText('EXECUTED').first().waitFor({ timeout: 30_000 });
      },
      page,
    );

    await check(
      JOURNEY_CHECKS.finops,
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
      JOURNEY_CHECKS.compliance,
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
      JOURNEY_CHECKS.overview,
      async () => {
        await page.goto(`${url}/awoooi`);
        // Table titles carry counts and rows only once data has loaded; the
        // loading, error and empty states show the bare card titles.
        await page
          .getByText(/^Open incidents \([1-9]\d*\)$/)
          .waitFor({ timeout: 30_000 });
        await page
          // The demo's correlated incident, named after its root cause's alert.
          .getByRole('link', { name: /PostgreSQL primary/ })
          .first()
          .waitFor({ timeout: 30_000 });
        await page
          .getByText(/^Unmapped alerts \(1\)$/)
          .waitFor({ timeout: 30_000 });
        await page
          .getByText(/job=nightly-backup/)
          .first()
          .waitFor({ timeout: 30_000 });
        await shot(page, 'overview-page');
      },
      page,
    );

    await check(JOURNEY_CHECKS.console, async () => {
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
}
