export { AwoooiOverview } from './AwoooiOverview';
export { AwoooiPage, AwoooiOverviewContent } from './AwoooiPage';
