export { EntityIncidentsContent } from './EntityIncidentsContent';
export { IncidentsView } from './IncidentsView';
