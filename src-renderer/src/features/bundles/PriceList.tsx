import { useState } from 'react';
import type { BundleView, RateCardView } from '../../../../src-shared/api';
import { Panel } from '../../components/Panel';
import { formatCredits, formatMoney } from '../../lib/format';
import { TableHead } from '../../components/TableHead';

function QuantityBuy({ bundle, onBuy }: { bundle: BundleView; onBuy: (quantity: number) => void }) {
  const [quantity, setQuantity] = useState('1');
  const valid = /^\d{1,4}$/.test(quantity) && Number(quantity) >= 1 && Number(quantity) <= 1000;
  return (
    <div className="buy-cell">
      <input
        className="input input-small input-qty"
        inputMode="numeric"
        aria-label={`Quantity of ${bundle.name}`}
        aria-invalid={!valid}
        value={quantity}
        onChange={(e) => setQuantity(e.target.value)}
      />
      <button
        type="button"
        className="btn btn-primary btn-small"
        disabled={!valid}
        aria-label={`Buy ${bundle.name}`}
        onClick={() => onBuy(Number(quantity))}
      >
        Buy…
      </button>
    </div>
  );
}

/** Every bundle on the rate card with its price per 1,000 credits; the cheapest rate is marked. */
export function PriceList({
  card,
  onBuy,
}: {
  card: RateCardView;
  onBuy: (bundle: BundleView, quantity: number) => void;
}) {
  const best = Math.min(...card.bundles.map((b) => b.per1000CreditsMinor));
  return (
    <Panel
      title="Price list"
      description={`Rate card ${card.version}, prices in ${card.currency}.`}
      className="span-all"
    >
      <table className="table" data-testid="price-list">
        <TableHead
          columns={[
            'Bundle',
            { label: 'Credits', numeric: true },
            { label: 'Price', numeric: true },
            { label: 'Per 1,000 credits', numeric: true },
            { label: 'Buy', hidden: true },
          ]}
        />
        <tbody>
          {card.bundles.map((b) => (
            <tr key={b.id}>
              <th scope="row">
                {b.name}
                {b.per1000CreditsMinor === best && <span className="badge badge-positive">Best value</span>}
              </th>
              <td className="num">{formatCredits(b.millicredits)}</td>
              <td className="num">{formatMoney(b.priceMinor, card.currency)}</td>
              <td className="num">{formatMoney(b.per1000CreditsMinor, card.currency)}</td>
              <td>
                <QuantityBuy bundle={b} onBuy={(q) => onBuy(b, q)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
