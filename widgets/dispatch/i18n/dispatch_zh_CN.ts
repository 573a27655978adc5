<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlertBanner</name>
    <message numerus="yes">
        <source>+%n more</source>
        <translation>
            <numerusform>另有 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>应答</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
</context>
<context>
    <name>CallBoard</name>
    <message>
        <source>No call yet: press a group&apos;s key</source>
        <translation>尚无呼叫：按下调度组功能键即可一键调度</translation>
    </message>
    <message>
        <source>End call</source>
        <translation>结束呼叫</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>%1 of %2 answered · %3</source>
        <translation>%2 个中 %1 个已应答 · %3</translation>
    </message>
</context>
<context>
    <name>CallDialog</name>
    <message>
        <source>One-key dispatch</source>
        <translation>一键调度</translation>
    </message>
    <message numerus="yes">
        <source>Rings %n units</source>
        <translation>
            <numerusform>呼叫 %n 个单位</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 online</source>
        <translation>%1 个在线</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>&amp;Emergency</source>
        <translation>紧急(&amp;E)</translation>
    </message>
    <message>
        <source>Emergency calls ring with priority</source>
        <translation>紧急呼叫优先振铃</translation>
    </message>
    <message>
        <source>Ring now (Enter)</source>
        <translation>立即呼叫（回车）</translation>
    </message>
</context>
<context>
    <name>Dispatch</name>
    <message>
        <source>Ringing</source>
        <translation>振铃中</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已应答</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>已拒接</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>未接</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>已退出</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>待命</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>忙碌</translation>
    </message>
    <message>
        <source>En route</source>
        <translation>赶赴途中</translation>
    </message>
    <message>
        <source>On scene</source>
        <translation>已到达现场</translation>
    </message>
    <message>
        <source>Off duty</source>
        <translation>不在岗</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Emergency</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Not delivered</source>
        <translation>未送达</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>红色</translation>
    </message>
    <message>
        <source>Orange</source>
        <translation>橙色</translation>
    </message>
    <message>
        <source>Yellow</source>
        <translation>黄色</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>蓝色</translation>
    </message>
    <message>
        <source>SOS</source>
        <translation>SOS 求救</translation>
    </message>
    <message>
        <source>Gas leak</source>
        <translation>气体泄漏</translation>
    </message>
    <message>
        <source>Fire</source>
        <translation>火情</translation>
    </message>
    <message>
        <source>Intrusion</source>
        <translation>入侵</translation>
    </message>
    <message>
        <source>Unsafe behaviour</source>
        <translation>不安全行为</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>上报</translation>
    </message>
</context>
<context>
    <name>DispatchPanel</name>
    <message>
        <source>One-key dispatch</source>
        <translation>一键调度</translation>
    </message>
    <message>
        <source>Roster</source>
        <translation>通讯录</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>呼叫</translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation>指令</translation>
    </message>
    <message>
        <source>History</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Dispatch is off: the site has no console unit</source>
        <translation>调度未启用：站点中没有调度台单位</translation>
    </message>
    <message>
        <source>Dispatch is off: the site&apos;s hub names no console unit</source>
        <translation>调度未启用：站点的调度中心配置未指定调度台单位</translation>
    </message>
    <message>
        <source>Dispatch is off: no token for console unit %1</source>
        <translation>调度未启用：调度台单位 %1 没有令牌</translation>
    </message>
    <message>
        <source>Dispatch off</source>
        <translation>调度未启用</translation>
    </message>
    <message>
        <source>this workstation</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Connecting to the hub…</source>
        <translation>正在连接调度中心…</translation>
    </message>
    <message>
        <source>Connected to the hub (%1) as %2</source>
        <translation>已连接调度中心（%1），本席位：%2</translation>
    </message>
    <message>
        <source>Reconnecting to the hub…</source>
        <translation>正在重新连接调度中心…</translation>
    </message>
    <message>
        <source>The hub refused this console: %1</source>
        <translation>调度中心拒绝了本调度台：%1</translation>
    </message>
    <message>
        <source>The dispatch hub did not start: %1</source>
        <translation>调度中心未能启动：%1</translation>
    </message>
    <message>
        <source>Dispatch: connected</source>
        <translation>调度：已连接</translation>
    </message>
    <message>
        <source>Dispatch: reconnecting</source>
        <translation>调度：重连中</translation>
    </message>
    <message>
        <source>Dispatch: not connected</source>
        <translation>调度：未连接</translation>
    </message>
    <message>
        <source>Dispatch is not connected; the call was not made</source>
        <translation>调度未连接，呼叫未发出</translation>
    </message>
    <message>
        <source>Emergency call from %1</source>
        <translation>%1 发起紧急呼叫</translation>
    </message>
    <message>
        <source>%1 is calling: %2</source>
        <translation>%1 来电：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n units</source>
        <translation>
            <numerusform>%n 个单位</numerusform>
        </translation>
    </message>
    <message>
        <source>%1/%2 answered</source>
        <translation>%1/%2 已应答</translation>
    </message>
    <message>
        <source>Dispatch is not connected; nothing was sent</source>
        <translation>调度未连接，指令未发出</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>指令</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Message from %1</source>
        <translation>来自 %1 的消息</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Alarm: %1</source>
        <translation>告警：%1</translation>
    </message>
    <message>
        <source>Acknowledged by %1</source>
        <translation>%1 已确认</translation>
    </message>
    <message>
        <source>Resolved by %1</source>
        <translation>%1 已处置</translation>
    </message>
    <message>
        <source>The hub refused: %1</source>
        <translation>调度中心拒绝：%1</translation>
    </message>
    <message>
        <source>%1 shared a video that cannot play</source>
        <translation>%1 共享的视频无法播放</translation>
    </message>
    <message>
        <source>Shared by %1</source>
        <translation>%1 共享</translation>
    </message>
    <message>
        <source>%1 shared video: %2</source>
        <translation>%1 共享了视频：%2</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>调度</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>InstructionsView</name>
    <message>
        <source>Who receives the instruction</source>
        <translation>指令接收方</translation>
    </message>
    <message>
        <source>Instruction, then Enter</source>
        <translation>输入指令，回车发送</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Recipients must acknowledge</source>
        <translation>要求接收方回执确认</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>指令</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>回执</translation>
    </message>
    <message>
        <source>Group: %1</source>
        <translation>调度组：%1</translation>
    </message>
    <message>
        <source>Delivered %1/%2</source>
        <translation>已送达 %1/%2</translation>
    </message>
    <message>
        <source>acknowledged %1/%2</source>
        <translation>已确认 %1/%2</translation>
    </message>
</context>
<context>
    <name>OneKeyBar</name>
    <message numerus="yes">
        <source>%n units</source>
        <translation>
            <numerusform>%n 个单位</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RosterView</name>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Presence</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>%1 (%2 of %3 online)</source>
        <translation>%1（%3 个中 %2 个在线）</translation>
    </message>
</context>
</TS>
