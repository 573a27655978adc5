<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
    <name>SourceTree</name>
    <message>
        <source>Search sources</source>
        <translation>搜索视频源</translation>
    </message>
</context>
<context>
    <name>TileWidget</name>
    <message>
        <source>Drag a source here</source>
        <translation>将视频源拖到此处</translation>
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
</TS>
