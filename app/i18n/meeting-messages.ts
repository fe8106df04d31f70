/** Meetings with an agenda (issue 12): refusals, statuses and the minutes' words. zh-CN first. */
export const meetingMessages = {
  'zh-CN': {
    meeting: {
      errors: {
        alreadyConfirmed: '这项数字已经由第二人核对确认，不能再改。',
        mayNotConfirm: '只有居委会成员或监督委员会成员可以核对确认。',
        notOnRoster: '名单中有人不在本次会议的应到名单上。',
        alreadyOnAgenda: '这项议题已经在议程中。',
        agendaFull: '一次会议最多 {{max}} 项议题。',
        attendanceFirst: '请先登记出席情况，并由第二人核对确认。',
        attendanceTaken: '出席情况已经核对确认，每次会议只登记一次。',
        notOnAgenda: '这项议题不在本次会议的议程中。',
        meetingNotOpen: '会议还没有开始。',
        meetingClosed: '会议已经结束。',
        bodyNotCounted: '这种会议的表决不在这里登记。',
        wrongCommunity: '这项议题不属于本社区。',
        itemRefused: '议题没有接受会议结果：{{reason}}',
      },
      status: {
        empty: '尚未登记',
        awaiting: '等待第二人核对',
        mismatch: '两次登记的数字不一致，均不计入；请重新登记',
        confirmed: '已核对确认',
      },
    },
  },
  en: {
    meeting: {
      errors: {
        alreadyConfirmed: 'These numbers were confirmed by a second person and can no longer change.',
        mayNotConfirm: 'Only a committee member or a supervisor may confirm.',
        notOnRoster: 'Someone listed is not on this meeting’s roster.',
        alreadyOnAgenda: 'This motion is already on the agenda.',
        agendaFull: 'A meeting takes at most {{max}} items.',
        attendanceFirst: 'Record attendance first and have a second person confirm it.',
        attendanceTaken: 'Attendance is confirmed; it is taken once per meeting.',
        notOnAgenda: 'This motion is not on this meeting’s agenda.',
        meetingNotOpen: 'The meeting has not started yet.',
        meetingClosed: 'The meeting has ended.',
        bodyNotCounted: 'Votes of this kind of meeting are not recorded here.',
        wrongCommunity: 'This motion belongs to another community.',
        itemRefused: 'The motion did not take the meeting’s result: {{reason}}',
      },
      status: {
        empty: 'Not entered yet',
        awaiting: 'Awaiting a second person',
        mismatch: 'The two entries differ; neither counts. Please enter again',
        confirmed: 'Confirmed',
      },
    },
  },
};
