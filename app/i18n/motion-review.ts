/**
 * The supervision committee's review of a motion's disclosures before publication (DOMAIN.md §3.7
 * item 3, domain/motion/review.ts, decision 074): the actions, guards, refusals and tasks (`motion.*`)
 * and the motion page's and board's words (`motionReview.*`).
 */
export const motionReviewMessages = {
  'zh-CN': {
    motion: {
      action: {
        approveDisclosure: '审核通过公开内容',
        requestDisclosureCorrection: '要求修改公开内容',
        resubmitDisclosure: '修改后重新提交审核',
        publishUnreviewed: '未经审核直接公开',
      },
      guard: {
        awaitingReview: '公开内容正在等待居务监督委员会审核',
        correctionRequested: '居务监督委员会要求修改',
        reviewPeriodOver: '提交审核后满 2 个工作日仍没有监督委员审核',
      },
      errors: {
        noDisclosureAwaitingReview: '现在没有等待审核的公开内容',
        disclosureAwaitsResubmission: '监督委员会已要求修改，要等居委会修改后重新提交',
        noCorrectionRequested: '监督委员会没有要求修改',
        reviewPeriodRunning: '审核期还没满 2 个工作日，{{until}} 起才能未经审核公开',
        disclosureAwaitsReview: '公开内容还在等待监督委员会审核',
        correctionReasonRequired: '请写明要修改什么、为什么',
        resubmitNoteRequired: '请写明做了哪些修改',
      },
      task: {
        reviewDisclosure: '审核待公开的内容（2 个工作日内）',
        publishUnreviewed: '监督委员会 2 个工作日内没有审核，可以未经审核公开',
        resubmitDisclosure: '监督委员会要求修改公开内容，请修改后重新提交',
      },
    },
    motionUi: {
      field: { remark: '审核意见（可不填）', correctionReason: '要求修改的内容和理由', correctionNote: '修改说明', confirmed: '确认' },
    },
    motionReview: {
      title: '待审核的公开',
      waiting: '“{{kind}}”已于 {{since}} 提交居务监督委员会审核，审核通过后才会公开。',
      mayPublishFrom: '如果监督委员 2 个工作日内都没有审核，{{from}} 起主任或书记可以未经审核公开。',
      mayPublishNow: '监督委员会 2 个工作日内没有审核，现在可以未经审核公开（公开内容会注明“未经居务监督委员会审核”）。',
      correctionAsked: '监督委员会要求修改：{{reason}}',
      resubmitted: '居委会的修改说明：{{note}}',
      approve: '审核通过，公开',
      askCorrection: '要求修改',
      resubmit: '重新提交审核',
      publishUnreviewed: '未经审核公开',
      confirmUnreviewed: '我知道公开内容会注明“未经居务监督委员会审核”',
      kind: { resolution: '决议公开', result: '实施结果公开' },
      label: {
        reviewed: '已经居务监督委员会审核（{{date}}）',
        notReviewed: '未经居务监督委员会审核',
        remark: '监督委员会意见：{{remark}}',
      },
    },
  },
  en: {
    motion: {
      action: {
        approveDisclosure: 'Approve the disclosure',
        requestDisclosureCorrection: 'Ask for a correction of the disclosure',
        resubmitDisclosure: 'Resubmit the corrected disclosure for review',
        publishUnreviewed: 'Publish without review',
      },
      guard: {
        awaitingReview: 'The disclosure is waiting for the supervision committee’s review',
        correctionRequested: 'The supervision committee asked for a correction',
        reviewPeriodOver: 'No supervisor reviewed it within 2 working days of submission',
      },
      errors: {
        noDisclosureAwaitingReview: 'No disclosure is waiting for review now',
        disclosureAwaitsResubmission: 'The supervision committee asked for a correction; the committee must correct and resubmit it first',
        noCorrectionRequested: 'The supervision committee has not asked for a correction',
        reviewPeriodRunning: 'The 2 working days for review have not passed; it may be published unreviewed from {{until}}',
        disclosureAwaitsReview: 'The disclosure is still waiting for the supervision committee’s review',
        correctionReasonRequired: 'Please say what should be corrected and why',
        resubmitNoteRequired: 'Please say what was corrected',
      },
      task: {
        reviewDisclosure: 'Review the disclosure before publication (within 2 working days)',
        publishUnreviewed: 'No supervisor reviewed the disclosure within 2 working days; it may be published unreviewed',
        resubmitDisclosure: 'The supervision committee asked for a correction of the disclosure; correct it and resubmit',
      },
    },
    motionUi: {
      field: { remark: 'Remark (optional)', correctionReason: 'What should be corrected, and why', correctionNote: 'What was corrected', confirmed: 'Confirmation' },
    },
    motionReview: {
      title: 'Disclosures awaiting review',
      waiting: '“{{kind}}” was submitted to the supervision committee on {{since}}; it is published once approved.',
      mayPublishFrom: 'If no supervisor reviews it within 2 working days, the director or party secretary may publish it unreviewed from {{from}}.',
      mayPublishNow:
        'No supervisor reviewed it within 2 working days: it may now be published unreviewed (labelled “not reviewed by the supervision committee”).',
      correctionAsked: 'The supervision committee asked for a correction: {{reason}}',
      resubmitted: 'The committee’s note on the correction: {{note}}',
      approve: 'Approve and publish',
      askCorrection: 'Ask for a correction',
      resubmit: 'Resubmit for review',
      publishUnreviewed: 'Publish without review',
      confirmUnreviewed: 'I understand the disclosure will say “not reviewed by the supervision committee”',
      kind: { resolution: 'Resolution disclosure', result: 'Implementation result disclosure' },
      label: {
        reviewed: 'Reviewed by the supervision committee on {{date}}',
        notReviewed: 'Not reviewed by the supervision committee',
        remark: 'The supervision committee’s remark: {{remark}}',
      },
    },
  },
} as const;
