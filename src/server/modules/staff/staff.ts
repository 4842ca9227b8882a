export type { StaffUser } from '../../../contracts/staff.js';
export { normaliseEmail } from '../../platform/credentials.js';
