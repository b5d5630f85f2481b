/**
 * Where a matter belongs, from the answers given so far. The petition channel still accepts every
 * submission; this only tells the person, before they submit, which body will in the end deal with it
 * and why (Art. 22 ¶2, Art. 30, Art. 31(1)-(5)), so nobody waits months to learn it.
 */
import { cite, citationHref, citationText, type Citation } from '../lib/law-cite';

export interface RoutingLink {
  href: string;
  label: string;
}

export interface RoutingAdvice {
  /** Stable id, used by tests and as a React key. */
  id: string;
  heading: string;
  body: string;
  links: RoutingLink[];
}

export interface DisciplineBody {
  name: string;
  reportUrl: string;
  phone: string;
}

/** A link to the article a sentence rests on, labelled with its article, paragraph and item. */
const lawLink = (c: Citation): RoutingLink => ({ href: citationHref(c), label: citationText(c) });

// Pages of the channel finder (src/lib/channel-finder.ts) that explain each route step by step.
const guide = (node: string, label: string): RoutingLink => ({
  href: `/which-channel/${node}/`,
  label: `找对渠道：${label}`,
});

// One entry per otherProcedure value except 'none'; keyed so that a new value in the schema without
// advice here is a type error.
const PROCEDURE_ADVICE: Record<
  'litigation' | 'arbitration' | 'reconsideration' | 'party-appeal' | 'admin-procedure',
  Omit<RoutingAdvice, 'id'>
> = {
  litigation: {
    heading: '这件事已经在法院（或检察院、公安机关）的程序中',
    body: '依照《信访工作条例》第三十一条第一项和第二十二条第二款，涉及诉讼的事项按照法律规定的程序，由法院、检察院、公安机关等政法部门处理。信访部门收到后会转送同级政法部门。您也可以直接向正在处理的法院或机关反映。',
    links: [
      lawLink(
        cite(31, '应当通过审判机关诉讼程序或者复议程序、检察机关刑事立案程序或者法律监督程序、公安机关法律程序处理的', {
          item: 1,
        }),
      ),
      lawLink(cite(22, '对收到的涉法涉诉信件，应当转送同级政法部门依法处理', { paragraph: 2 })),
      guide('to-court', '涉及诉讼的事项怎样反映'),
    ],
  },
  arbitration: {
    heading: '这件事应当通过仲裁解决',
    body: '依照《信访工作条例》第三十一条第二项，应当通过仲裁解决的事项，会被导入仲裁程序处理（例如劳动争议仲裁委员会）。请向仲裁机构申请或继续仲裁。',
    links: [
      lawLink(cite(31, '应当通过仲裁解决的，导入相应程序处理', { item: 2 })),
      guide('to-arbitration', '怎样申请仲裁'),
    ],
  },
  reconsideration: {
    heading: '这件事可以通过行政复议解决',
    body: '依照《信访工作条例》第三十一条第四项，可以通过行政复议等行政程序解决的事项，会被导入相应程序处理。请向复议机关申请行政复议；已经申请的，请等待复议决定。',
    links: [
      lawLink(
        cite(31, '可以通过行政复议、行政裁决、行政确认、行政许可、行政处罚等行政程序解决的，导入相应程序处理', {
          item: 4,
        }),
      ),
      guide('to-administrative-procedure', '行政复议等行政程序'),
    ],
  },
  'party-appeal': {
    heading: '这件事可以通过党员申诉解决',
    body: '依照《信访工作条例》第三十一条第三项，可以通过党员申诉、申请复审等解决的事项，会被导入相应程序处理。请向您所在的党组织或上级党组织提出申诉。',
    links: [
      lawLink(cite(31, '可以通过党员申诉、申请复审等解决的，导入相应程序处理', { item: 3 })),
      guide('to-party-appeal', '党员申诉等程序'),
    ],
  },
  'admin-procedure': {
    heading: '这件事可以通过其他行政程序解决',
    body: '依照《信访工作条例》第三十一条第四项，可以通过行政裁决、行政确认、行政许可、行政处罚等行政程序解决的事项，会被导入相应程序处理。请向负责该事项的行政机关提出申请。',
    links: [
      lawLink(
        cite(31, '可以通过行政复议、行政裁决、行政确认、行政许可、行政处罚等行政程序解决的，导入相应程序处理', {
          item: 4,
        }),
      ),
      guide('to-administrative-procedure', '行政复议等行政程序'),
    ],
  },
};

/**
 * Advice for the answers given; empty when the petition office itself handles the matter.
 * Unknown or empty values give no advice (the person has not answered yet).
 */
export function routingAdvice(
  answers: { kind?: string | undefined; otherProcedure?: string | undefined },
  discipline: DisciplineBody,
): RoutingAdvice[] {
  const out: RoutingAdvice[] = [];
  if (answers.kind === 'accusation') {
    out.push({
      id: 'accusation',
      heading: `检举控告由纪检监察机关（${discipline.name}）受理`,
      body: `依照《信访工作条例》第三十条和第二十二条第二款，检举控告党员干部、公职人员的事项由纪检监察机关依规依纪依法处理，您的检举、揭发材料以及有关情况不得透露或者转给被检举、揭发的人员或者单位。信访部门收到后会按照管理权限转送有关纪检监察机关；您也可以直接拨打 ${discipline.phone} 或在纪检监察机关的网站上举报。`,
      links: [
        lawLink(
          cite(30, '不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位', { paragraph: 3 }),
        ),
        { href: discipline.reportUrl, label: `${discipline.phone} 举报网站` },
        guide('to-discipline', '检举控告怎样反映'),
      ],
    });
  }
  const procedure = answers.otherProcedure;
  if (procedure && procedure in PROCEDURE_ADVICE) {
    const advice = PROCEDURE_ADVICE[procedure as keyof typeof PROCEDURE_ADVICE];
    out.push({ id: procedure, ...advice });
  }
  return out;
}
