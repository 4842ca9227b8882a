// What other modules may use: the email templates.
export {
  alreadyRegisteredMail,
  confirmAccountMail,
  type RenderedMail,
  renderMail,
  resetPasswordMail,
  staffInvitationMail,
  testMail,
} from './templates.js';
