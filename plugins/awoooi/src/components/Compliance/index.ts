export { ComplianceCard, EntityComplianceCard } from './EntityComplianceCard';
export {
  GroupComplianceCard,
  EntityGroupComplianceCard,
} from './GroupComplianceCard';
