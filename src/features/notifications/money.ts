// E-mails format money with the platform's one formatter.
export { formatMoney } from '../../platform/money.ts';
