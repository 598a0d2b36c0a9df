import { Content, Header, Page } from '@backstage/core-components';
import { AwoooiOverview } from './AwoooiOverview';

/**
 * The overview as a full page with its own header, for legacy apps. In the new
 * frontend system the page blueprint draws the header and renders
 * {@link AwoooiOverview} inside it.
 */
export function AwoooiPage() {
  return (
    <Page themeId="tool">
      <Header
        title="AWOOOI"
        subtitle="Zero-touch ops, human-centric decisions"
      />
      <Content>
        <AwoooiOverview />
      </Content>
    </Page>
  );
}

/** The overview with page padding, for a host that draws the header itself. */
export function AwoooiOverviewContent() {
  return (
    <Content>
      <AwoooiOverview />
    </Content>
  );
}
