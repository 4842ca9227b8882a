import { Color, FontFamily, FontSize, TextStyle } from '@tiptap/extension-text-style';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useId } from 'react';

const fonts = [
  ['', 'Default font'],
  ['Georgia, serif', 'Georgia'],
  ['Arial, sans-serif', 'Arial'],
  ['"Courier New", monospace', 'Courier'],
  ['"Comic Sans MS", cursive', 'Playful'],
] as const;
const sizes = [
  ['', 'Normal size'],
  ['13px', 'Small'],
  ['18px', 'Large'],
  ['24px', 'Larger'],
] as const;

/**
 * A small rich-text editor for a personal message: bold, italic, underline, size, font, colour
 * and links. It answers HTML, which the server sanitises to the same allow-list before keeping it.
 */
export function RichTextEditor({
  id,
  label,
  hint,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  onChange: (html: string) => void;
}) {
  const hintId = useId();
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: false,
        codeBlock: false,
        code: false,
        blockquote: false,
        horizontalRule: false,
        link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'] },
      }),
      TextStyle,
      Color,
      FontFamily,
      FontSize,
    ],
    editorProps: {
      attributes: {
        id,
        class: 'rich-text-area',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': `${id}-label`,
        ...(hint ? { 'aria-describedby': hintId } : {}),
      },
    },
    onUpdate: ({ editor: e }) => onChange(e.isEmpty ? '' : e.getHTML()),
    immediatelyRender: true,
  });
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e?.isActive('bold') ?? false,
      italic: e?.isActive('italic') ?? false,
      underline: e?.isActive('underline') ?? false,
      link: e?.isActive('link') ?? false,
    }),
  });
  if (!editor) return null;
  const chain = () => editor.chain().focus();
  const addLink = () => {
    const previous = editor.getAttributes('link').href as string | undefined;
    const href = window.prompt('Link address (https://…)', previous ?? 'https://');
    if (href === null) return;
    if (href.trim() === '' || href.trim() === 'https://') chain().extendMarkRange('link').unsetLink().run();
    else if (/^(https?:\/\/|mailto:)/i.test(href.trim()))
      chain().extendMarkRange('link').setLink({ href: href.trim() }).run();
  };
  return (
    <div className="field">
      <span className="rich-text-label" id={`${id}-label`}>
        {label}
      </span>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <div className="rich-text">
        <div className="rich-text-toolbar" role="toolbar" aria-label="Formatting" aria-controls={id}>
          <button
            type="button"
            aria-pressed={state?.bold}
            onClick={() => chain().toggleBold().run()}
            className="button button-quiet button-small"
          >
            <b>B</b>
            <span className="visually-hidden"> Bold</span>
          </button>
          <button
            type="button"
            aria-pressed={state?.italic}
            onClick={() => chain().toggleItalic().run()}
            className="button button-quiet button-small"
          >
            <i>I</i>
            <span className="visually-hidden"> Italic</span>
          </button>
          <button
            type="button"
            aria-pressed={state?.underline}
            onClick={() => chain().toggleUnderline().run()}
            className="button button-quiet button-small"
          >
            <u>U</u>
            <span className="visually-hidden"> Underline</span>
          </button>
          <select
            aria-label="Text size"
            defaultValue=""
            onChange={(e) =>
              e.target.value ? chain().setFontSize(e.target.value).run() : chain().unsetFontSize().run()
            }
          >
            {sizes.map(([value, name]) => (
              <option key={name} value={value}>
                {name}
              </option>
            ))}
          </select>
          <select
            aria-label="Font"
            defaultValue=""
            onChange={(e) =>
              e.target.value ? chain().setFontFamily(e.target.value).run() : chain().unsetFontFamily().run()
            }
          >
            {fonts.map(([value, name]) => (
              <option key={name} value={value}>
                {name}
              </option>
            ))}
          </select>
          <label className="rich-text-colour">
            <span className="visually-hidden">Text colour</span>
            <input
              type="color"
              defaultValue="#1d2421"
              onChange={(e) => chain().setColor(e.target.value).run()}
              aria-label="Text colour"
            />
          </label>
          <button
            type="button"
            aria-pressed={state?.link}
            onClick={addLink}
            className="button button-quiet button-small"
          >
            Link
          </button>
        </div>
        <EditorContent editor={editor} />
      </div>
    </div>
  );
}
