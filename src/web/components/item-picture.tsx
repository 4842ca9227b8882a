import './item-picture.css';

/**
 * An item's picture, square and cropped to fill; without one, its initial on a quiet tint so that
 * tiles line up. Decorative: the item's name is always written beside it.
 */
export function ItemPicture({
  url,
  name,
  className = '',
}: {
  url: string | null | undefined;
  name: string;
  className?: string;
}) {
  if (url) {
    return <img src={url} alt="" className={`item-picture ${className}`} loading="lazy" decoding="async" />;
  }
  return (
    <span className={`item-picture item-picture-none ${className}`} aria-hidden="true">
      {name.trim().charAt(0).toUpperCase()}
    </span>
  );
}
