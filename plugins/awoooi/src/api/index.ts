export { awoooiApiRef } from './awoooiApiRef';
export { AwoooiClient } from './AwoooiClient';
