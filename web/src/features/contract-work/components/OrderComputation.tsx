/** A payment order's computation, component by component: gross − advance repayment − retention − penalty = net. */
import { Money } from '../../../components/ui/Money';
import { useLang } from '../../../lib/i18n';

export interface OrderFigures {
  grossRupiah: string;
  advanceRepaymentRupiah: string;
  retentionRupiah: string;
  lateDays: number;
  penaltyDeductedRupiah: string;
  netRupiah: string;
}

export function OrderComputation({ order }: { order: OrderFigures }) {
  const { t } = useLang();
  return (
    <dl className="cw-computation">
      <div>
        <dt>{t('contractWork.order.gross')}</dt>
        <dd>
          <Money value={order.grossRupiah} />
        </dd>
      </div>
      <div>
        <dt>{t('contractWork.order.advance')}</dt>
        <dd>
          − <Money value={order.advanceRepaymentRupiah} />
        </dd>
      </div>
      <div>
        <dt>{t('contractWork.order.retention')}</dt>
        <dd>
          − <Money value={order.retentionRupiah} />
        </dd>
      </div>
      <div>
        <dt>{t('contractWork.order.penalty', { count: order.lateDays })}</dt>
        <dd>
          − <Money value={order.penaltyDeductedRupiah} />
        </dd>
      </div>
      <div className="cw-computation__net">
        <dt>{t('contractWork.order.net')}</dt>
        <dd>
          <Money value={order.netRupiah} />
        </dd>
      </div>
    </dl>
  );
}
