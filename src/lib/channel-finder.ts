/**
 * "Which channel fits my matter?" as data: a tree of plain questions whose answers lead to
 * outcome pages. Every node becomes its own static page under /which-channel/, so the finder
 * works without JavaScript; every statement on an outcome carries the articles of
 * 《信访工作条例》 it rests on, with their words (cite()); a statement with no citation is this
 * office's practical advice and is shown as such. The office's own details come from settings.
 */
import { cite, type Citation } from './law-cite';
import { settings } from './settings';

/** One answer on a question page: a link to the next node. */
export interface ChannelOption {
  /** What the person clicks, in their own words. */
  label: string;
  /** Examples that help a person recognise their case. */
  hint?: string;
  /** Id of the next node (question or outcome). */
  next: string;
}

export interface ChannelQuestion {
  kind: 'question';
  id: string;
  /** The question, as the page heading. */
  title: string;
  /** One or two sentences that explain the question. */
  intro: string;
  options: ChannelOption[];
  /** Articles the question's distinction rests on, with their words. */
  cites: Citation[];
}

/**
 * A sentence on an outcome page and the articles it rests on, with their words. Empty only for
 * practical advice or another law named in the sentence: the page then marks it as not the regulation's.
 */
export interface ChannelPoint {
  text: string;
  cites: Citation[];
  /** Optional link that belongs to the sentence (e.g. the discipline body's site). */
  link?: { href: string; label: string };
}

export interface ChannelOutcome {
  kind: 'outcome';
  id: string;
  /** Short answer, as the page heading. */
  title: string;
  /** One sentence: where to go. */
  summary: string;
  /** 去哪里、怎么做. */
  where: ChannelPoint[];
  /** 请准备/写明. */
  bring: ChannelPoint[];
  /** 还需要知道. */
  notes: ChannelPoint[];
  /** Show this office's five channels (Art. 17) from settings under "where". */
  showOfficeChannels: boolean;
  /** A guide that explains the outcome in more depth. */
  guide?: { slug: string; label: string };
}

export type ChannelNode = ChannelQuestion | ChannelOutcome;

/** The id of the first question; it is served at /which-channel/ itself. */
export const START_ID = 'start';

const office = settings.office;
const county = office.jurisdiction;

/** Art. 19 ¶1-2: what every petition should state, shared by the outcomes that lead to this office. */
const petitionContents: ChannelPoint[] = [
  {
    text: '您的姓名（单位写名称）、住址和能联系到您的电话。',
    cites: [cite(19, '载明其姓名（名称）、住址和请求、事实、理由', { paragraph: 1 })],
  },
  {
    text: '您的请求：希望解决什么问题。',
    cites: [cite(19, '载明其姓名（名称）、住址和请求、事实、理由', { paragraph: 1 })],
  },
  {
    text: '事实和理由：什么时间、什么地点、发生了什么事，为什么提出这个请求。',
    cites: [cite(19, '载明其姓名（名称）、住址和请求、事实、理由', { paragraph: 1 })],
  },
  { text: '能说明情况的材料复印件（如合同、通知、照片）。原件请自己保存好。', cites: [] },
  {
    text: '所写内容应当客观真实，不能捏造、歪曲事实，不能诬告他人。',
    cites: [
      cite(19, '应当客观真实，对其所提供材料内容的真实性负责，不得捏造、歪曲事实，不得诬告、陷害他人', {
        paragraph: 2,
      }),
    ],
  },
];

const questions: ChannelQuestion[] = [
  {
    kind: 'question',
    id: START_ID,
    title: '您想反映的是哪一类事情？',
    intro: '《信访工作条例》把信访事项分为三类，不同类别由不同的部门、按不同的程序办理。请选择最接近的一项。',
    cites: [cite(29, '建议意见类事项'), cite(30, '检举控告类事项'), cite(31, '申诉求决类事项')],
    options: [
      {
        label: '检举、控告公职人员违纪违法',
        hint: '例如：干部收受好处、滥用职权、作风问题',
        next: 'to-discipline',
      },
      {
        label: '对工作提出建议或意见',
        hint: '例如：建议增设公交站、改进办事流程',
        next: 'suggestion',
      },
      {
        label: '请求解决自己（或家人、本单位）的具体问题，或者对处理结果不服',
        hint: '例如：拆迁补偿、工资拖欠、邻里纠纷、对某个决定有意见',
        next: 'other-procedure',
      },
    ],
  },
  {
    kind: 'question',
    id: 'other-procedure',
    title: '这件事是否已经在走、或者应当走其他法定途径？',
    intro:
      '有些事情法律规定了专门的处理途径，例如打官司、仲裁、行政复议。属于这些情形的，有权处理的机关会引导您进入相应程序。',
    cites: [cite(31, '有权处理的机关、单位应当区分情况，分别按照下列方式办理')],
    options: [
      {
        label: '已经在法院打官司，或者涉及法院、检察院、公安机关的处理',
        hint: '例如：对判决不服、报案后对公安机关的处理有意见',
        next: 'to-court',
      },
      {
        label: '属于应当仲裁的纠纷',
        hint: '例如：劳动争议、合同约定了仲裁的纠纷',
        next: 'to-arbitration',
      },
      {
        label: '对行政机关的决定不服，可以申请行政复议等行政程序',
        hint: '例如：罚款、不予许可、不予登记的决定',
        next: 'to-administrative-procedure',
      },
      {
        label: '党员对党组织的处理不服',
        hint: '例如：对党纪处分不服',
        next: 'to-party-appeal',
      },
      {
        label: '都不是，或者不清楚',
        next: 'earlier-reply',
      },
    ],
  },
  {
    kind: 'question',
    id: 'earlier-reply',
    title: '这件事以前反映过吗？',
    intro: '已经反映过的事情，要看现在办到了哪一步，接下来该找的机关不一样。',
    cites: [
      cite(19, '信访事项已经受理或者正在办理的', { paragraph: 3 }),
      cite(35, '请求原办理机关、单位的上一级机关、单位复查'),
      cite(36, '向复查机关、单位的上一级机关、单位请求复核', { paragraph: 1 }),
    ],
    options: [
      { label: '没有，这是第一次反映', next: 'region' },
      { label: '反映过，还在办理中，没有收到答复', next: 'in-progress' },
      { label: '已经收到信访处理意见书，但我不服', next: 'review' },
      { label: '已经收到复查意见，但我不服', next: 're-examination' },
      { label: '已经收到复核意见，仍然不服', next: 'after-re-examination' },
    ],
  },
  {
    kind: 'question',
    id: 'region',
    title: '这件事发生在哪个乡镇或街道？',
    intro: `信访事项按照“属地管理、分级负责，谁主管、谁负责”的原则办理，在当地反映最快。请选择事情发生的地方。`,
    cites: [
      cite(5, '属地管理、分级负责，谁主管、谁负责'),
      cite(20, '引导信访人就地反映问题', { paragraph: 4 }),
      cite(22, '按照“属地管理、分级负责，谁主管、谁负责”的原则，转送有权处理的机关、单位', { paragraph: 1, item: 2 }),
    ],
    options: [
      ...settings.regions.map((r) => ({ label: `${county}${r.name}`, next: `region-${r.id}` })),
      { label: `不在${county}`, next: 'outside-jurisdiction' },
    ],
  },
];

const outcomes: ChannelOutcome[] = [
  {
    kind: 'outcome',
    id: 'to-discipline',
    title: `请向${office.disciplineBody}检举控告`,
    summary: `检举控告公职人员违纪违法，由纪检监察机关受理，请直接向${office.disciplineBody}反映。`,
    showOfficeChannels: false,
    where: [
      {
        text: `检举控告类事项由纪检监察机关依规依纪依法接收、受理、办理和反馈。`,
        cites: [
          cite(30, '纪检监察机关或者有权处理的机关、单位应当依规依纪依法接收、受理、办理和反馈', { paragraph: 1 }),
        ],
      },
      {
        text: `可以拨打纪检监察举报电话 ${office.disciplinePhone}，或者通过网上举报平台提交。`,
        cites: [],
        link: { href: office.disciplineReportUrl, label: '纪检监察网上举报平台（外部网站）' },
      },
      {
        text: `如果您已经写信或网上提交给${office.name}，我们会按照管理权限转送纪检监察机关处理，但直接向纪检监察机关反映更快。`,
        cites: [cite(22, '应当按照管理权限转送有关纪检监察机关依规依纪依法处理', { paragraph: 2 })],
      },
    ],
    bring: [
      { text: '被检举人的姓名、单位和职务。', cites: [] },
      {
        text: '具体的事实：时间、地点、经过，以及您是怎样知道的。',
        cites: [cite(19, '载明其姓名（名称）、住址和请求、事实、理由', { paragraph: 1 })],
      },
      { text: '能证明这些事实的材料或线索。', cites: [] },
      {
        text: '检举控告应当客观真实，不得捏造事实、诬告陷害他人；否则要承担法律责任。',
        cites: [
          cite(19, '应当客观真实', { paragraph: 2 }),
          cite(
            47,
            '信访人捏造歪曲事实、诬告陷害他人，构成违反治安管理行为的，依法给予治安管理处罚；构成犯罪的，依法追究刑事责任',
            { paragraph: 3 },
          ),
        ],
      },
    ],
    notes: [
      {
        text: '您的检举、揭发材料和有关情况，不得透露或者转给被检举的人员或者单位。',
        cites: [
          cite(30, '不得将信访人的检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位', { paragraph: 3 }),
        ],
      },
      { text: '任何组织和个人不得打击报复信访人。', cites: [cite(18, '任何组织和个人不得打击报复信访人')] },
    ],
    guide: { slug: 'other-legal-routes', label: '哪些事项走其他法定途径' },
  },
  {
    kind: 'outcome',
    id: 'suggestion',
    title: `建议和意见可以直接向${office.name}提出`,
    summary: '对工作的建议、意见，可以通过网上、来信、来电、传真或走访任何一种方式提出。',
    showOfficeChannels: true,
    where: [
      {
        text: '提出建议、意见，可以采用信息网络、书信、电话、传真、走访等形式。网上提交最方便。',
        cites: [cite(17, '可以采用信息网络、书信、电话、传真、走访等形式', { paragraph: 1 })],
      },
      {
        text: '有权处理的机关会认真研究；科学合理、切实可行的，会采纳或部分采纳，并给您回复。',
        cites: [cite(29, '对科学合理、具有现实可行性的，应当采纳或者部分采纳，并予以回复', { paragraph: 1 })],
      },
    ],
    bring: [
      { text: '您的姓名和联系方式，以便给您回复。', cites: [cite(19, '载明其姓名（名称）、住址', { paragraph: 1 })] },
      { text: '建议的内容、理由，以及您了解到的情况。', cites: [cite(19, '请求、事实、理由', { paragraph: 1 })] },
    ],
    notes: [
      {
        text: '对改进工作、保护社会公共利益等有贡献的建议，应当按照有关规定给予奖励。',
        cites: [
          cite(29, '对国民经济和社会发展或者对改进工作以及保护社会公共利益有贡献的，应当按照有关规定给予奖励', {
            paragraph: 2,
          }),
        ],
      },
    ],
    guide: { slug: 'how-to-petition', label: '怎样提出信访' },
  },
  {
    kind: 'outcome',
    id: 'to-court',
    title: '请按照诉讼等法律程序，向政法部门反映',
    summary:
      '应当通过法院诉讼、检察院或公安机关的法律程序处理的事情，按照法律法规规定的程序处理，不在普通信访程序中处理。',
    showOfficeChannels: false,
    where: [
      {
        text: '应当通过审判机关诉讼程序或复议程序、检察机关刑事立案程序或法律监督程序、公安机关法律程序处理的事项，按照法律法规规定的程序处理。',
        cites: [
          cite(
            31,
            '应当通过审判机关诉讼程序或者复议程序、检察机关刑事立案程序或者法律监督程序、公安机关法律程序处理的',
            { item: 1 },
          ),
        ],
      },
      {
        text: '涉及诉讼权利救济的事项，请按照法律程序向有关政法部门（法院、检察院、公安机关等）提出；走访的，也请直接到政法部门。',
        cites: [
          cite(20, '信访人采用走访形式提出涉及诉讼权利救济的信访事项，应当按照法律法规规定的程序向有关政法部门提出', {
            paragraph: 2,
          }),
          cite(28, '将涉及民事、行政、刑事等诉讼权利救济的信访事项从普通信访体制中分离出来，由有关政法部门依法处理', {
            paragraph: 2,
          }),
        ],
      },
      {
        text: `写给${office.name}的涉法涉诉信件，我们会转送同级政法部门依法处理。`,
        cites: [cite(22, '对收到的涉法涉诉信件，应当转送同级政法部门依法处理', { paragraph: 2 })],
      },
    ],
    bring: [
      { text: '判决书、裁定书、立案或不予立案通知书等法律文书。', cites: [] },
      { text: '您的请求、事实和理由。', cites: [cite(19, '请求、事实、理由', { paragraph: 1 })] },
    ],
    notes: [
      {
        text: '上诉、申请再审等都有法定期限，期限由诉讼法等法律规定，不在《信访工作条例》中。请尽早咨询法院或律师，以免错过。',
        cites: [],
      },
      {
        text: '符合国家司法救助条件的，有关政法部门应当按照规定给予司法救助。',
        cites: [cite(37, '符合国家司法救助条件的，有关政法部门应当按照规定给予司法救助', { paragraph: 2 })],
      },
    ],
    guide: { slug: 'other-legal-routes', label: '哪些事项走其他法定途径' },
  },
  {
    kind: 'outcome',
    id: 'to-arbitration',
    title: '请通过仲裁解决',
    summary: '应当通过仲裁解决的纠纷，会被导入仲裁程序处理。请向相应的仲裁机构申请。',
    showOfficeChannels: false,
    where: [
      {
        text: '应当通过仲裁解决的事项，导入相应程序处理。',
        cites: [cite(31, '应当通过仲裁解决的，导入相应程序处理', { item: 2 })],
      },
      {
        text: '劳动争议一般向劳动人事争议仲裁委员会申请；合同约定仲裁的，向约定的仲裁委员会申请。',
        cites: [],
      },
      {
        text: `不清楚该向哪里申请的，可以先向${office.name}反映，我们登记后会转送有权处理的机关、单位。`,
        cites: [cite(22, '应当予以登记，并区分情况，在15日内分别按照下列方式处理', { paragraph: 1 })],
      },
    ],
    bring: [
      { text: '合同、劳动关系证明、工资记录等与纠纷有关的材料。', cites: [] },
      { text: '您的请求、事实和理由。', cites: [cite(19, '请求、事实、理由', { paragraph: 1 })] },
    ],
    notes: [
      {
        text: '申请仲裁有时效，由有关法律规定，不在《信访工作条例》中。请尽早申请。',
        cites: [],
      },
    ],
    guide: { slug: 'other-legal-routes', label: '哪些事项走其他法定途径' },
  },
  {
    kind: 'outcome',
    id: 'to-administrative-procedure',
    title: '请通过行政复议等行政程序解决',
    summary: '可以通过行政复议、行政裁决、行政确认、行政许可、行政处罚等行政程序解决的事项，会被导入相应程序处理。',
    showOfficeChannels: false,
    where: [
      {
        text: '可以通过行政复议、行政裁决、行政确认、行政许可、行政处罚等行政程序解决的，导入相应程序处理。',
        cites: [
          cite(31, '可以通过行政复议、行政裁决、行政确认、行政许可、行政处罚等行政程序解决的，导入相应程序处理', {
            item: 4,
          }),
        ],
      },
      {
        text: '对行政机关的决定不服的，一般可以向行政复议机关申请行政复议；决定书上通常写明了复议机关和期限。',
        cites: [],
      },
      {
        text: `不清楚该向哪里申请的，可以先向${office.name}反映，我们登记后会转送有权处理的机关、单位。`,
        cites: [cite(22, '应当予以登记，并区分情况，在15日内分别按照下列方式处理', { paragraph: 1 })],
      },
    ],
    bring: [
      { text: '您不服的那份决定书，以及与之有关的材料。', cites: [] },
      { text: '您的请求、事实和理由。', cites: [cite(19, '请求、事实、理由', { paragraph: 1 })] },
    ],
    notes: [
      {
        text: '申请行政复议有法定期限，由《中华人民共和国行政复议法》规定，不在《信访工作条例》中。请尽早申请。',
        cites: [],
      },
      {
        text: '如果您是请求机关查处违法行为、保护您的人身权或财产权，这属于机关的法定职责，机关应当依法履行或者答复，可以直接向我们反映。',
        cites: [
          cite(31, '属于申请查处违法行为、履行保护人身权或者财产权等合法权益职责的，依法履行或者答复', { item: 5 }),
        ],
      },
    ],
    guide: { slug: 'other-legal-routes', label: '哪些事项走其他法定途径' },
  },
  {
    kind: 'outcome',
    id: 'to-party-appeal',
    title: '请通过党员申诉等程序解决',
    summary: '可以通过党员申诉、申请复审等解决的事项，会被导入相应程序处理。',
    showOfficeChannels: false,
    where: [
      {
        text: '可以通过党员申诉、申请复审等解决的，导入相应程序处理。',
        cites: [cite(31, '可以通过党员申诉、申请复审等解决的，导入相应程序处理', { item: 3 })],
      },
      {
        text: `党员申诉一般向作出处理的党组织或其上级党组织、纪检机关提出，可以咨询${office.disciplineBody}。`,
        cites: [],
      },
    ],
    bring: [
      { text: '处分决定等有关材料。', cites: [] },
      { text: '您的请求、事实和理由。', cites: [cite(19, '请求、事实、理由', { paragraph: 1 })] },
    ],
    notes: [{ text: '任何组织和个人不得打击报复信访人。', cites: [cite(18, '任何组织和个人不得打击报复信访人')] }],
    guide: { slug: 'other-legal-routes', label: '哪些事项走其他法定途径' },
  },
  {
    kind: 'outcome',
    id: 'in-progress',
    title: '请先查询办理进度，不必再向上级重复反映',
    summary: '已经受理或正在办理的事项，在规定期限内向上级机关又提出同一事项的，上级机关不予受理。请先查询进度。',
    showOfficeChannels: false,
    where: [
      {
        text: '网上信访、来信、来访、来电都录入信访信息系统，您可以查询、评价办理情况。网上提交的，请用查询码在“查询进度”页查询。',
        cites: [
          cite(21, '使网上信访、来信、来访、来电在网上流转，方便信访人查询、评价信访事项办理情况', { paragraph: 2 }),
        ],
        link: { href: '/track/', label: '查询办理进度' },
      },
      {
        text: `也可以拨打 ${settings.channels.phone.number}（${settings.channels.phone.hours}）询问。`,
        cites: [cite(18, '查询信访事项处理进展以及结果的方式', { paragraph: 1 })],
      },
    ],
    bring: [{ text: '查询码，或者您反映时留下的姓名和电话。', cites: [] }],
    notes: [
      {
        text: '信访事项已经受理或者正在办理的，在规定期限内向受理、办理机关的上级机关又提出同一事项，上级机关不予受理。',
        cites: [
          cite(
            19,
            '信访事项已经受理或者正在办理的，信访人在规定期限内向受理、办理机关、单位的上级机关、单位又提出同一信访事项的，上级机关、单位不予受理',
            { paragraph: 3 },
          ),
        ],
      },
      {
        text: '按第三十一条第六项办理的申诉求决类事项，应当自受理之日起 60 日内办结；情况复杂的，经负责人批准可以延长，但不超过 30 日，并应告诉您延期理由。',
        cites: [
          cite(
            34,
            '对本条例第三十一条第六项规定的信访事项应当自受理之日起60日内办结；情况复杂的，经本机关、单位负责人批准，可以适当延长办理期限，但延长期限不得超过30日，并告知信访人延期理由',
          ),
        ],
      },
      {
        text: '如果办理机关超过期限没有办结，其上级机关、单位应当责令改正。您可以向我们反映。',
        cites: [cite(45, '由其上级机关、单位责令改正')],
      },
    ],
    guide: { slug: 'after-submission', label: '提交之后会怎样：办理流程和时限' },
  },
  {
    kind: 'outcome',
    id: 'review',
    title: '可以请求复查（30 日内）',
    summary: '对信访处理意见不服的，可以自收到书面答复之日起 30 日内，请原办理机关的上一级机关复查。',
    showOfficeChannels: false,
    where: [
      {
        text: '复查请求应当向原办理机关、单位的上一级机关、单位提出，而不是向原办理机关提出。',
        cites: [cite(35, '请求原办理机关、单位的上一级机关、单位复查')],
      },
      {
        text: `处理意见书是哪个机关、单位出具的，就向它的上一级机关、单位请求复查；不一定是信访局。不清楚上一级是谁的，可以拨打 ${settings.channels.phone.number} 询问。`,
        cites: [cite(35, '请求原办理机关、单位的上一级机关、单位复查')],
      },
      {
        text: '期限是自收到书面答复之日起 30 日内。请记下您收到处理意见书的日期。',
        cites: [cite(35, '可以自收到书面答复之日起30日内')],
      },
    ],
    bring: [
      { text: '信访处理意见书（复印件）和您收到它的日期。', cites: [cite(35, '可以自收到书面答复之日起30日内')] },
      { text: '您不服的理由，以及新的事实或材料（如果有）。', cites: [cite(19, '请求、事实、理由', { paragraph: 1 })] },
      { text: '您的姓名、住址和联系电话。', cites: [cite(19, '载明其姓名（名称）、住址', { paragraph: 1 })] },
    ],
    notes: [
      {
        text: '收到复查请求的机关应当自收到之日起 30 日内提出复查意见，并书面答复您。',
        cites: [cite(35, '收到复查请求的机关、单位应当自收到复查请求之日起30日内提出复查意见，并予以书面答复')],
      },
      {
        text: `条例没有规定“日”按自然日还是工作日计算。本站的计算方法是：${settings.days.ruleNote}具体以办理机关的告知为准。`,
        cites: [],
      },
    ],
    guide: { slug: 'review-and-re-examination', label: '复查和复核' },
  },
  {
    kind: 'outcome',
    id: 're-examination',
    title: '可以请求复核（30 日内）',
    summary: '对复查意见不服的，可以自收到书面答复之日起 30 日内，向复查机关的上一级机关请求复核。',
    showOfficeChannels: false,
    where: [
      {
        text: '复核请求应当向复查机关、单位的上一级机关、单位提出，期限是自收到复查书面答复之日起 30 日内。',
        cites: [cite(36, '可以自收到书面答复之日起30日内向复查机关、单位的上一级机关、单位请求复核', { paragraph: 1 })],
      },
      {
        text: `不清楚复查机关的上一级是谁，可以拨打 ${settings.channels.phone.number} 询问。`,
        cites: [],
      },
    ],
    bring: [
      {
        text: '信访处理意见书和复查意见（复印件），以及您收到复查意见的日期。',
        cites: [cite(36, '可以自收到书面答复之日起30日内向复查机关、单位的上一级机关、单位请求复核', { paragraph: 1 })],
      },
      { text: '您不服复查意见的理由。', cites: [cite(19, '请求、事实、理由', { paragraph: 1 })] },
      { text: '您的姓名、住址和联系电话。', cites: [cite(19, '载明其姓名（名称）、住址', { paragraph: 1 })] },
    ],
    notes: [
      {
        text: '收到复核请求的机关应当自收到之日起 30 日内提出复核意见；可以举行听证，听证所需时间不计算在 30 日内。',
        cites: [cite(36, '收到复核请求的机关、单位应当自收到复核请求之日起30日内提出复核意见', { paragraph: 1 })],
      },
      {
        text: '复核之后，仍以同一事实和理由提出投诉请求的，各级信访部门和其他机关不再受理。',
        cites: [
          cite(36, '仍然以同一事实和理由提出投诉请求的，各级党委和政府信访部门和其他机关、单位不再受理', {
            paragraph: 3,
          }),
        ],
      },
    ],
    guide: { slug: 'review-and-re-examination', label: '复查和复核' },
  },
  {
    kind: 'outcome',
    id: 'after-re-examination',
    title: '复核之后，同一事实和理由不再受理',
    summary: '对复核意见不服，仍然以同一事实和理由提出投诉请求的，各级信访部门和其他机关不再受理。',
    showOfficeChannels: false,
    where: [
      {
        text: '信访人对复核意见不服，仍然以同一事实和理由提出投诉请求的，各级党委和政府信访部门和其他机关、单位不再受理。',
        cites: [
          cite(
            36,
            '信访人对复核意见不服，仍然以同一事实和理由提出投诉请求的，各级党委和政府信访部门和其他机关、单位不再受理',
            { paragraph: 3 },
          ),
        ],
      },
      {
        text: `如果出现了新的事实、新的问题，那是另一件信访事项，可以重新向${office.name}反映。`,
        cites: [],
      },
    ],
    bring: [{ text: '新的事实和理由，以及相关材料。', cites: [cite(19, '请求、事实、理由', { paragraph: 1 })] }],
    notes: [
      {
        text: '对事项已经复查复核的信访人，地方党委和政府以及基层组织应当做好疏导教育、矛盾化解、帮扶救助等工作；生活确有困难的，可以申请社会救助。',
        cites: [cite(37, '应当做好疏导教育、矛盾化解、帮扶救助等工作', { paragraph: 3 })],
      },
    ],
    guide: { slug: 'review-and-re-examination', label: '复查和复核' },
  },
  ...settings.regions.map((r): ChannelOutcome => ({
    kind: 'outcome',
    id: `region-${r.id}`,
    title: `${county}${r.name}的事项：可以向${office.name}或${r.name}反映`,
    summary: `发生在${r.name}的事情，可以就近向${r.name}反映，也可以通过下面任何一种方式向${office.name}提出。`,
    showOfficeChannels: true,
    where: [
      {
        text: `可以就近向${r.name}反映，问题在当地反映、在当地解决最快。`,
        cites: [
          cite(15, '积极协调处理化解发生在当地的信访事项和矛盾纠纷', { paragraph: 3 }),
          cite(20, '把问题解决在当地，引导信访人就地反映问题', { paragraph: 4 }),
        ],
      },
      {
        text: `也可以通过网上、来信、来电、传真或走访向${office.name}提出。网上提交时请选择“${r.name}”。`,
        cites: [cite(17, '信息网络、书信、电话、传真、走访等形式', { paragraph: 1 })],
      },
      {
        text: `${office.name}收到后会登记，并在 15 日内按照“属地管理、分级负责，谁主管、谁负责”的原则，转送有权处理的机关、单位。`,
        cites: [
          cite(22, '按照“属地管理、分级负责，谁主管、谁负责”的原则，转送有权处理的机关、单位', {
            paragraph: 1,
            item: 2,
          }),
        ],
      },
    ],
    bring: petitionContents,
    notes: [
      {
        text: '收到您事项的机关应当书面告诉您接收情况以及处理途径和程序，一般在 15 日内。',
        cites: [cite(23, '应当自收到之日起15日内书面告知信访人接收情况以及处理途径和程序', { paragraph: 3 })],
      },
      {
        text: '多人走访反映共同事项的，应当推选代表，代表不超过 5 人。',
        cites: [cite(20, '多人采用走访形式提出共同的信访事项的，应当推选代表，代表人数不得超过5人', { paragraph: 3 })],
      },
    ],
    guide: { slug: 'after-submission', label: '提交之后会怎样：办理流程和时限' },
  })),
  {
    kind: 'outcome',
    id: 'outside-jurisdiction',
    title: `请向事情发生地的机关反映`,
    summary: `不在${county}发生的事情，请向当地有权处理的机关或其上一级机关反映，那里办得最快。`,
    showOfficeChannels: false,
    where: [
      {
        text: '走访的，应当到有权处理的本级或者上一级机关、单位设立或者指定的接待场所提出。',
        cites: [cite(20, '应当到有权处理的本级或者上一级机关、单位设立或者指定的接待场所提出', { paragraph: 1 })],
      },
      {
        text: '信访事项按照“属地管理、分级负责，谁主管、谁负责”的原则办理。',
        cites: [
          cite(5, '属地管理、分级负责，谁主管、谁负责'),
          cite(22, '按照“属地管理、分级负责，谁主管、谁负责”的原则，转送有权处理的机关、单位', {
            paragraph: 1,
            item: 2,
          }),
        ],
      },
      {
        text: `如果您已经向${office.name}提出，我们会予以登记，并区分情况处理。`,
        cites: [cite(22, '收到信访事项，应当予以登记，并区分情况', { paragraph: 1 })],
      },
    ],
    bring: petitionContents,
    notes: [
      {
        text: '各地机关都应当公布网络信访渠道、通信地址、咨询投诉电话和接待时间地点。',
        cites: [cite(18, '应当向社会公布网络信访渠道、通信地址、咨询投诉电话、信访接待的时间和地点', { paragraph: 1 })],
      },
    ],
    guide: { slug: 'how-to-petition', label: '怎样提出信访' },
  },
];

export const channelNodes: readonly ChannelNode[] = [...questions, ...outcomes];

const byId = new Map(channelNodes.map((n) => [n.id, n]));

export function findChannelNode(id: string): ChannelNode | undefined {
  return byId.get(id);
}

/** URL of a node's page; the first question lives at the finder's root. */
export function channelNodeHref(id: string): string {
  return id === START_ID ? '/which-channel/' : `/which-channel/${id}/`;
}

/** One step of the path that leads to a node: the question asked and the answer chosen. */
export interface ChannelStep {
  question: ChannelQuestion;
  option: ChannelOption;
}

/**
 * The answers that lead from the first question to `id`. The finder is a tree (each node has one
 * parent), so the path is known from the node alone and a page can show "您的回答" without state.
 */
export function channelPathTo(id: string): ChannelStep[] {
  const steps: ChannelStep[] = [];
  let target = id;
  const seen = new Set<string>();
  while (target !== START_ID) {
    if (seen.has(target)) throw new Error(`channel finder has a cycle at ${target}`);
    seen.add(target);
    const parent = questions.find((q) => q.options.some((o) => o.next === target));
    if (!parent) throw new Error(`channel finder node ${target} has no parent question`);
    const option = parent.options.find((o) => o.next === target);
    if (!option) throw new Error(`unreachable: ${target}`);
    steps.unshift({ question: parent, option });
    target = parent.id;
  }
  return steps;
}

/** Every article a node cites, sorted, for its "本页依据" list. */
export function channelNodeArticles(node: ChannelNode): number[] {
  const all =
    node.kind === 'question' ? node.cites : [...node.where, ...node.bring, ...node.notes].flatMap((p) => p.cites);
  return [...new Set(all.map((c) => c.article))].sort((a, b) => a - b);
}
