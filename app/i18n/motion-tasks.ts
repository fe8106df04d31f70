/**
 * Task texts (keys `motion.task.*`) for "my tasks": what the motion workflow asks a person or a role
 * to do now. Plain words first (zh-CN), English second. Params: `state` (a motion state id, for the
 * overdue ones; translate it with `motion.state.<state>`).
 */
export const motionTaskMessages = {
  'zh-CN': {
    motion: {
      task: {
        recordPartyCommitteeDecision: '召开党组织会议讨论议题，并记录决定',
        conveneJointMeeting: '召集两委联席会议（提前通知）',
        recordJointMeeting: '联席会议开过了，请记录会议结果',
        openConsultation: '这个议题要先征求居民意见，请开始协商',
        answerOpinions: '居民提了意见，请逐条答复',
        convenePartyMeeting: '召集党员大会，并提前把材料送给每位党员',
        recordPartyMeeting: '党员大会开过了，请记录会议结果',
        scheduleResolutionMeeting: '召集居民代表会议或居民会议进行表决',
        vote: '请在投票截止前投票',
        recordResolution: '表决会议开过了，请记录表决结果',
        reportCompletion: '办完后请报告完成情况和实际花费',
        recordProgress: '请登记办理进度和花费',
        implementationPaused: '办理已暂停，请先解决问题（如提出修改议题）',
        correctDisclosure: '异议成立，请公示更正后的内容',
        replyToObjection: '有人提出异议，请按时答复',
        acceptObjectionReply: '委员会已答复暂停异议，请确认是否认可',
        ruleOnObjection: '公示期已满，但监督委员会的异议还没解决，请街道裁定',
        overdue: '已到期限，请尽快办理',
        escalation: '这个议题已超期7天以上，请街道督办',
        inquorateTwice: '这个议题的会议已有 {{times}} 次未达法定人数，请监督委员会和街道关注',
      },
    },
  },
  en: {
    motion: {
      task: {
        recordPartyCommitteeDecision: 'Hold the party committee meeting on the motion and record its decision',
        conveneJointMeeting: 'Convene the joint meeting of both committees (with notice)',
        recordJointMeeting: 'The joint meeting has taken place; record its result',
        openConsultation: 'This motion needs a consultation first; start it',
        answerOpinions: 'Residents gave opinions; answer each of them',
        convenePartyMeeting: 'Convene the party members’ meeting and send the materials to every member beforehand',
        recordPartyMeeting: 'The party members’ meeting has taken place; record its result',
        scheduleResolutionMeeting: 'Convene the representatives’ or residents’ meeting for the vote',
        vote: 'Please vote before voting closes',
        recordResolution: 'The vote has taken place; record its result',
        reportCompletion: 'When the work is done, report completion and the actual spending',
        recordProgress: 'Record progress and spending',
        implementationPaused: 'The work is paused; resolve the problem first (for example with an amending motion)',
        correctDisclosure: 'The objection was upheld; publish a corrected disclosure',
        replyToObjection: 'An objection was raised; reply in time',
        acceptObjectionReply: 'The committee replied to a blocking objection; say whether you accept the reply',
        ruleOnObjection: 'The display period is over but a supervision committee objection is unresolved; please rule on it',
        overdue: 'The due date has passed; please act soon',
        escalation: 'This motion is more than 7 days overdue; please follow it up',
        inquorateTwice: 'Meetings on this motion have failed to reach a quorum {{times}} times; supervisors and the street office are asked to follow it up',
      },
    },
  },
} as const;
