/** The motion's vocabulary (keys `motion.*`: outcomes, bodies, modes, choices, reasons, categories, warnings), zh-CN first, then English. The stages, actions and refusals are in motion-rules.ts. */
export const motionTermMessages = {
  'zh-CN': {
    motion: {
      outcome: {
        passed: '通过：同意 {{yes}} 票，需要 {{yesNeeded}} 票',
        notPassed: '未通过：同意 {{yes}} 票，需要 {{yesNeeded}} 票',
        inquorate: '到会人数不够：到会 {{present}} 人，至少要 {{needed}} 人，这次表决不算数',
      },
      body: {
        party_committee: '党组织委员会',
        joint_meeting: '两委联席会议',
        party_members_meeting: '党员大会',
        residents_meeting: '居民会议',
        representatives_meeting: '居民代表会议',
      },
      mode: {
        all_adults: '全体成年居民参加',
        households: '每户派一位代表',
        group_representatives: '各居民小组推选代表',
      },
      choice: {
        agree: '同意',
        disagree: '不同意',
        abstain: '弃权',
        confirm: '您选择了：{{choice}}。确认提交吗？',
        replaced: '已改为：{{choice}}。以最后一次为准。',
      },
      conclusion: {
        agree: '同意',
        revise: '修改后再议',
        reject: '不同意',
      },
      attendanceMethod: {
        in_person: '现场',
        online: '网上',
        paper: '纸质签到（工作人员录入）',
      },
      majorReason: {
        development_plan: '社区发展规划、年度工作计划',
        fund_raising: '向居民筹钱或筹劳力办公益事业',
        spending_above_threshold: '花费超过规定限额',
        public_project: '公益建设或服务项目及承包',
        committee_property: '居委会财产的买、卖、出租、出借、抵押',
        residents_convention: '居民公约、自治章程',
        relief_plan: '社区救助、补贴的分配方案',
        designated_matter: '目录规定或居民会议指定的事项',
      },
      reserved: {
        recall_or_by_election: '罢免或补选居委会成员',
        residents_convention: '居民公约',
        fund_raising: '向居民筹钱筹劳（没有居民会议授权）',
      },
      category: {
        property_services: '物业管理服务',
        environment: '环境卫生',
        facilities: '公共设施与亮化绿化',
        funds_and_projects: '公益资金与项目',
        assistance: '救助与服务',
        housing: '住房与征收安置',
        other: '其他',
      },
      scope: {
        community: '整个社区',
        groups: '部分居民小组',
        buildings: '部分楼栋',
      },
      channel: {
        notice_board: '公告栏',
        app: '民议平台',
        sms: '短信',
        phone: '电话',
        paper: '纸质通知',
        group_chat: '居民群',
      },
      overdue: {
        onTime: '按时进行',
        reminder: '已到期限，请尽快办理',
        escalation: '超期7天以上，已报告街道',
      },
      objectionStatus: {
        open: '等待答复',
        answered: '已答复',
        settled: '已解决',
      },
      ruling: {
        upheld: '异议成立',
        dismissed: '异议不成立',
      },
      pause: {
        budgetOverrun: '花费超出预算，已暂停，等待修改议题',
        contested: '街道认为决议可能不合法，已暂停',
      },
      warnings: {
        fewRepresentatives: '居民代表应占会议成员五分之四以上',
        fewWomen: '妇女应占会议成员三分之一以上',
      },
    },
  },
  en: {
    motion: {
      outcome: {
        passed: 'Passed: {{yes}} agreed, {{yesNeeded}} needed',
        notPassed: 'Not passed: {{yes}} agreed, {{yesNeeded}} needed',
        inquorate: 'Not enough people present: {{present}} came, at least {{needed}} needed; this vote does not count',
      },
      body: {
        party_committee: 'Party committee',
        joint_meeting: 'Joint meeting of both committees',
        party_members_meeting: 'Party members’ meeting',
        residents_meeting: 'Residents’ meeting',
        representatives_meeting: 'Residents’ representatives’ meeting',
      },
      mode: {
        all_adults: 'All adult residents',
        households: 'One person per household',
        group_representatives: 'Representatives of residents’ groups',
      },
      choice: {
        agree: 'Agree',
        disagree: 'Disagree',
        abstain: 'Abstain',
        confirm: 'You chose: {{choice}}. Submit?',
        replaced: 'Changed to: {{choice}}. Your last choice counts.',
      },
      conclusion: {
        agree: 'Agree',
        revise: 'Revise and discuss again',
        reject: 'Disagree',
      },
      attendanceMethod: {
        in_person: 'In person',
        online: 'Online',
        paper: 'Paper sign-in (entered by staff)',
      },
      majorReason: {
        development_plan: 'Development plan or annual work plan',
        fund_raising: 'Raising money or labour from residents for public welfare',
        spending_above_threshold: 'Spending above the set limit',
        public_project: 'Public-welfare project or service and its contracting',
        committee_property: 'Buying, selling, leasing, lending or pledging committee property',
        residents_convention: 'Residents’ convention or self-governance charter',
        relief_plan: 'Community relief or subsidy distribution plan',
        designated_matter: 'A catalogue item or matter designated by the residents’ meeting',
      },
      reserved: {
        recall_or_by_election: 'Recall or by-election of committee members',
        residents_convention: 'Residents’ convention',
        fund_raising: 'Raising money or labour from residents (no residents’ meeting delegation)',
      },
      category: {
        property_services: 'Property services',
        environment: 'Environment and sanitation',
        facilities: 'Facilities, lighting and greening',
        funds_and_projects: 'Public-welfare funds and projects',
        assistance: 'Assistance and services',
        housing: 'Housing and resettlement',
        other: 'Other',
      },
      scope: {
        community: 'The whole community',
        groups: 'Some residents’ groups',
        buildings: 'Some buildings',
      },
      channel: {
        notice_board: 'Notice board',
        app: 'Minyi platform',
        sms: 'Text message',
        phone: 'Phone call',
        paper: 'Paper notice',
        group_chat: 'Residents’ group chat',
      },
      overdue: {
        onTime: 'On time',
        reminder: 'Due now; please act soon',
        escalation: 'More than 7 days overdue; reported to the street office',
      },
      objectionStatus: {
        open: 'Awaiting reply',
        answered: 'Answered',
        settled: 'Resolved',
      },
      ruling: {
        upheld: 'Objection upheld',
        dismissed: 'Objection dismissed',
      },
      pause: {
        budgetOverrun: 'Paused: spending is over budget, awaiting an amending motion',
        contested: 'Paused: the street office considers the resolution possibly unlawful',
      },
      warnings: {
        fewRepresentatives: 'Representatives should be at least four fifths of the members',
        fewWomen: 'Women should be at least one third of the members',
      },
    },
  },
} as const;
