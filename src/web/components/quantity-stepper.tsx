/** − quantity +, for a cart line; 0 takes the line out. */
export function QuantityStepper({
  name,
  quantity,
  onChange,
}: {
  name: string;
  quantity: number;
  onChange: (quantity: number) => void;
}) {
  return (
    <span className="cart-line-qty">
      <button
        type="button"
        className="button button-quiet button-small"
        aria-label={`One fewer ${name}`}
        onClick={() => onChange(quantity - 1)}
      >
        −
      </button>
      <span>
        <span className="visually-hidden">Quantity: </span>
        {quantity}
      </span>
      <button
        type="button"
        className="button button-quiet button-small"
        aria-label={`One more ${name}`}
        onClick={() => onChange(quantity + 1)}
      >
        +
      </button>
    </span>
  );
}
