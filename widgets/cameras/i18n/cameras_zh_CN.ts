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
</TS>
