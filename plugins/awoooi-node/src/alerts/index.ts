export { AlertEntityIndex, parseSelector } from './alertMapping';
