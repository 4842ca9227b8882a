// What other modules may use: the email templates.
export {
  alreadyRegisteredMail,
  confirmAccountMail,
  type RenderedMail,
  renderMail,
  resetPasswordMail,
  testMail,
} from './templates.js';
