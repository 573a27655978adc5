<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddCameraDialog</name>
    <message>
        <source>Add camera</source>
        <translation>添加摄像机</translation>
    </message>
    <message>
        <source>Correct the camera&apos;s clock</source>
        <translation>校正摄像机时钟</translation>
    </message>
    <message>
        <source>Device discovery</source>
        <translation>设备发现</translation>
    </message>
    <message>
        <source>also ask HOST:PORT (optional)</source>
        <translation>另行询问 主机:端口（可选）</translation>
    </message>
    <message>
        <source>Discover</source>
        <translation>发现设备</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>In site</source>
        <translation>已在站点中</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像机</translation>
    </message>
    <message>
        <source>Probe</source>
        <translation>探测</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Streams</source>
        <translation>码流</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>配置文件</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>码流地址</translation>
    </message>
    <message>
        <source>Main stream</source>
        <translation>主码流</translation>
    </message>
    <message>
        <source>Sub-stream</source>
        <translation>子码流</translation>
    </message>
    <message>
        <source>Site entry</source>
        <translation>站点条目</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>标识</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Add to site</source>
        <translation>添加到站点</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Looking for cameras…</source>
        <translation>正在发现摄像机…</translation>
    </message>
    <message numerus="yes">
        <source>%n cameras found</source>
        <translation>
            <numerusform>发现 %n 台摄像机</numerusform>
        </translation>
    </message>
    <message>
        <source>This camera is already in the site as %1.</source>
        <translation>该摄像机已在站点中，标识为 %1。</translation>
    </message>
    <message>
        <source>Asking the camera…</source>
        <translation>正在探测摄像机…</translation>
    </message>
    <message>
        <source>The camera offers no video stream.</source>
        <translation>该摄像机没有可用的视频码流。</translation>
    </message>
    <message>
        <source>The camera answers. Check the streams, then add it.</source>
        <translation>摄像机已应答。请核对码流后添加。</translation>
    </message>
    <message>
        <source>no encoder</source>
        <translation>无编码器</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Setting the camera&apos;s clock…</source>
        <translation>正在校正摄像机时钟…</translation>
    </message>
    <message>
        <source>Adding the camera…</source>
        <translation>正在添加摄像机…</translation>
    </message>
    <message>
        <source>%1 added to the site as %2.</source>
        <translation>%1 已添加到站点，标识为 %2。</translation>
    </message>
</context>
<context>
    <name>AlarmList</name>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像机</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>解除</translation>
    </message>
    <message>
        <source>Show on wall</source>
        <translation>上墙显示</translation>
    </message>
</context>
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
    <name>CameraNames</name>
    <message>
        <source>Motion detected</source>
        <translation>移动侦测</translation>
    </message>
    <message>
        <source>Camera tampered</source>
        <translation>视频遮挡</translation>
    </message>
    <message>
        <source>Picture too dark</source>
        <translation>画面过暗</translation>
    </message>
    <message>
        <source>Picture too bright</source>
        <translation>画面过亮</translation>
    </message>
    <message>
        <source>Picture blurred</source>
        <translation>画面模糊</translation>
    </message>
    <message>
        <source>Line crossed</source>
        <translation>越界</translation>
    </message>
    <message>
        <source>Area intrusion</source>
        <translation>区域入侵</translation>
    </message>
    <message>
        <source>New</source>
        <translation>未确认</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解除</translation>
    </message>
    <message>
        <source>The camera refused user %1: the user name or password is wrong.</source>
        <translation>摄像机拒绝了用户 %1：用户名或密码错误。</translation>
    </message>
    <message>
        <source>The camera&apos;s clock is %1 min ahead of this computer&apos;s, so it refuses signed requests. Correct its clock, then probe again.</source>
        <translation>摄像机时钟比本机快 %1 分钟，因此拒绝签名请求。请校正其时钟后重新探测。</translation>
    </message>
    <message>
        <source>The camera&apos;s clock is %1 min behind this computer&apos;s, so it refuses signed requests. Correct its clock, then probe again.</source>
        <translation>摄像机时钟比本机慢 %1 分钟，因此拒绝签名请求。请校正其时钟后重新探测。</translation>
    </message>
    <message>
        <source>The camera offers no video stream: %1</source>
        <translation>摄像机没有可用的视频码流：%1</translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation>无法连接 %1：%2</translation>
    </message>
</context>
<context>
    <name>CameraPart</name>
    <message>
        <source>Alarms</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Cameras</source>
        <translation>摄像机</translation>
    </message>
    <message>
        <source>Add camera…</source>
        <translation>添加摄像机…</translation>
    </message>
    <message>
        <source>Find a camera on the network and add it to the site</source>
        <translation>在网络中发现摄像机并添加到站点</translation>
    </message>
    <message>
        <source>Camera %1 added</source>
        <translation>摄像机 %1 已添加</translation>
    </message>
</context>
<context>
    <name>Demo</name>
    <message>
        <source>Starting the demo site… Its first start prepares the cameras&apos; pictures, which takes some seconds.</source>
        <translation>正在启动演示站点…… 首次启动需要准备各摄像机的画面，约需数秒。</translation>
    </message>
    <message>
        <source>Demo site</source>
        <translation>演示站点</translation>
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
        <source>Dispatch</source>
        <translation>调度</translation>
    </message>
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
</context>
<context>
    <name>HealthPanel</name>
    <message>
        <source>frames/s</source>
        <translation>帧/秒</translation>
    </message>
    <message>
        <source>seconds ago</source>
        <translation>秒前</translation>
    </message>
    <message>
        <source>kbit/s</source>
        <translation>kbit/s</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>视频源</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>fps</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>丢帧</translation>
    </message>
    <message>
        <source>Reconnects</source>
        <translation>重连次数</translation>
    </message>
    <message>
        <source>Select a playing tile to see its health</source>
        <translation>选择一个正在播放的画面以查看其状态</translation>
    </message>
    <message>
        <source>%1: %2 fps, %3 kbit/s, %4 lost, %5 reconnects</source>
        <translation>%1：%2 帧/秒，%3 kbit/s，丢帧 %4，重连 %5 次</translation>
    </message>
    <message>
        <source>not on the wall</source>
        <translation>未上墙</translation>
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
    <name>HubAlarms</name>
    <message>
        <source>Handled</source>
        <translation>已处理</translation>
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
    <name>MainWindow</name>
    <message>
        <source>Command console</source>
        <translation>应急指挥调度台</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>视频源</translation>
    </message>
    <message>
        <source>Stream health</source>
        <translation>码流状态</translation>
    </message>
    <message numerus="yes">
        <source>Site file problems (%n)</source>
        <translation>
            <numerusform>站点文件问题（%n）</numerusform>
        </translation>
    </message>
    <message>
        <source>Wall</source>
        <translation>电视墙</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>布局</translation>
    </message>
    <message numerus="yes">
        <source>%n tiles</source>
        <translation>
            <numerusform>%n 画面</numerusform>
        </translation>
    </message>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Saved views</source>
        <translation>已保存的视图</translation>
    </message>
    <message>
        <source>Save view</source>
        <translation>保存视图</translation>
    </message>
    <message>
        <source>Delete view</source>
        <translation>删除视图</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <source>Clear wall</source>
        <translation>清空墙</translation>
    </message>
    <message numerus="yes">
        <source>Site %1: %n sources</source>
        <translation>
            <numerusform>站点 %1：%n 路视频</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>reconnected %n times in 10 minutes</source>
        <translation>
            <numerusform>10 分钟内重连 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 live</source>
        <translation>%1 路在线</translation>
    </message>
    <message>
        <source>%1 not playing</source>
        <translation>%1 路异常</translation>
    </message>
    <message numerus="yes">
        <source>Decoding cannot keep up: %n small tiles on reduced decoding</source>
        <translation>
            <numerusform>解码能力不足：%n 个小画面降帧解码</numerusform>
        </translation>
    </message>
    <message>
        <source>Name of the view:</source>
        <translation>视图名称：</translation>
    </message>
    <message>
        <source>View %1 saved</source>
        <translation>视图 %1 已保存</translation>
    </message>
    <message>
        <source>View %1 opened</source>
        <translation>已打开视图 %1</translation>
    </message>
    <message>
        <source>not connected: screen %1, its wall shown in a window here</source>
        <translation>屏幕 %1 未连接：其电视墙在此以窗口显示</translation>
    </message>
    <message>
        <source>not in this site: %1</source>
        <translation>本站点中没有：%1</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>视图</translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <source>Province</source>
        <translation>省级</translation>
    </message>
    <message>
        <source>City</source>
        <translation>市级</translation>
    </message>
    <message>
        <source>County</source>
        <translation>县级</translation>
    </message>
    <message>
        <source>Town</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>Enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像机</translation>
    </message>
    <message>
        <source>PTZ dome</source>
        <translation>布控球</translation>
    </message>
    <message>
        <source>Drone</source>
        <translation>无人机</translation>
    </message>
    <message>
        <source>Command vehicle</source>
        <translation>指挥车</translation>
    </message>
    <message>
        <source>Video conference</source>
        <translation>视频会议</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Stalled</source>
        <translation>卡顿</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
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
        <source>wrong credentials</source>
        <translation>用户名或密码错误</translation>
    </message>
    <message>
        <source>stream not found on the server</source>
        <translation>服务器上没有该码流</translation>
    </message>
    <message>
        <source>connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <source>connection lost</source>
        <translation>连接中断</translation>
    </message>
    <message>
        <source>no answer from the source</source>
        <translation>视频源无响应</translation>
    </message>
    <message>
        <source>network unreachable</source>
        <translation>网络不可达</translation>
    </message>
    <message>
        <source>unknown host</source>
        <translation>主机名无法解析</translation>
    </message>
    <message>
        <source>file not found</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>not a playable stream</source>
        <translation>无法播放的码流</translation>
    </message>
    <message>
        <source>unsupported protocol</source>
        <translation>不支持的协议</translation>
    </message>
    <message>
        <source>no video</source>
        <translation>没有视频</translation>
    </message>
    <message>
        <source>no picture</source>
        <translation>无画面</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>无数据</translation>
    </message>
    <message>
        <source>no picture from the source</source>
        <translation>视频源没有画面</translation>
    </message>
    <message>
        <source>stream ended</source>
        <translation>码流已结束</translation>
    </message>
    <message>
        <source>decoder error</source>
        <translation>解码错误</translation>
    </message>
    <message>
        <source>no picture for %1 s</source>
        <translation>%1 秒无画面</translation>
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
<context>
    <name>SourceTree</name>
    <message>
        <source>Search sources</source>
        <translation>搜索视频源</translation>
    </message>
</context>
<context>
    <name>TilePtz</name>
    <message>
        <source>Presets</source>
        <translation>预置位</translation>
    </message>
    <message>
        <source>No presets</source>
        <translation>无预置位</translation>
    </message>
    <message>
        <source>Go to %1</source>
        <translation>转到 %1</translation>
    </message>
    <message>
        <source>Save current position as preset…</source>
        <translation>将当前位置保存为预置位…</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>删除预置位</translation>
    </message>
    <message>
        <source>Save preset</source>
        <translation>保存预置位</translation>
    </message>
    <message>
        <source>Name of the preset:</source>
        <translation>预置位名称：</translation>
    </message>
    <message>
        <source>PTZ held by %1</source>
        <translation>云台被 %1 占用</translation>
    </message>
    <message>
        <source>PTZ: %1</source>
        <translation>云台：%1</translation>
    </message>
    <message>
        <source>PTZ: arrows or Ctrl+drag · wheel or +/− zoom</source>
        <translation>云台：方向键或 Ctrl+拖动 · 滚轮或 +/− 变倍</translation>
    </message>
    <message>
        <source>You are steering</source>
        <translation>由您控制</translation>
    </message>
</context>
<context>
    <name>TileWidget</name>
    <message>
        <source>Drag a source here</source>
        <translation>将视频源拖到此处</translation>
    </message>
    <message>
        <source>Resuming live picture…</source>
        <translation>正在恢复实时画面…</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>正在重连</translation>
    </message>
    <message numerus="yes">
        <source>retry in %n s</source>
        <translation>
            <numerusform>%n 秒后重试</numerusform>
        </translation>
    </message>
    <message>
        <source>reduced decoding</source>
        <translation>降帧解码</translation>
    </message>
</context>
<context>
    <name>WallWindow</name>
    <message>
        <source>Screen %1</source>
        <translation>屏幕 %1</translation>
    </message>
    <message>
        <source>Screen %1 (not connected: shown here)</source>
        <translation>屏幕 %1（未连接，在此显示）</translation>
    </message>
</context>
</TS>
