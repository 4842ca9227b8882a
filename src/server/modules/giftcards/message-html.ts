import sanitizeHtml from 'sanitize-html';

/**
 * A sender's message as HTML safe to put in an email or a page: bold, italic, underline, size,
 * font, colour and links (http, https and mailto only), nothing else — no scripts, no event
 * handlers, no images, no styles beyond those four properties.
 */
export function sanitiseMessage(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ['p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'span', 'font', 'a', 'ul', 'ol', 'li'],
    allowedAttributes: {
      a: ['href', 'target', 'rel'],
      span: ['style'],
      p: ['style'],
      font: ['face', 'size', 'color'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    allowedStyles: {
      '*': {
        color: [/^#[0-9a-f]{3,8}$/i, /^rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\)$/i, /^[a-z]{3,20}$/i],
        'font-size': [/^\d{1,2}(?:\.\d)?(?:px|pt|em|rem|%)$/, /^(?:small|medium|large|x-large|xx-large)$/],
        'font-family': [/^[\w\s,'"-]{1,100}$/],
        'font-weight': [/^(?:bold|normal|[1-9]00)$/],
        'font-style': [/^(?:italic|normal)$/],
        'text-decoration': [/^(?:underline|line-through|none)$/],
      },
    },
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer nofollow' }),
    },
  }).trim();
}

/** The message as plain text, for the text part of an email. */
export const messageText = (html: string) =>
  sanitizeHtml(html.replace(/<\/(p|li)>|<br\s*\/?>/gi, '\n'), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, '\n\n')
    .trim();
