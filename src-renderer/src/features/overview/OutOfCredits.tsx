import type { OverviewView } from '../../../../src-shared/api';
import { hrefFor } from '../../app/router';
import { Icon } from '../../components/Icon';
import { formatDate } from '../../lib/format';

/** The "credits are out" state with its three ways forward. */
export function OutOfCredits({ overview }: { overview: OverviewView }) {
  return (
    <section className="out-of-credits span-all" role="alert" aria-labelledby="out-title">
      <div className="out-head">
        <Icon name="alert" size={22} />
        <div>
          <h2 id="out-title">Credits are out</h2>
          <p>
            AI actions are paused. The chatbot keeps answering but tells people: “
            {overview.outOfCreditsMessage ?? 'try again later'}”
          </p>
        </div>
      </div>
      <ul className="out-options">
        <li>
          <a className="out-option" href={hrefFor('settings')}>
            <strong>Upgrade the tier</strong>
            <span>More monthly credits from this cycle on (now {overview.cycle.tierName}).</span>
          </a>
        </li>
        <li>
          <a className="out-option" href={hrefFor('bundles')}>
            <strong>Buy a bundle</strong>
            <span>Bundle credits never expire and are available at once.</span>
          </a>
        </li>
        <li>
          <div className="out-option">
            <strong>Wait for the reset</strong>
            <span>Monthly credits return on {formatDate(overview.cycle.end)}.</span>
          </div>
        </li>
      </ul>
    </section>
  );
}
