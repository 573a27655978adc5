<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlertBanner</name>
    <message numerus="yes">
        <source>+%n more</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallBoard</name>
    <message>
        <source>No call yet: press a group&apos;s key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 answered · %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallDialog</name>
    <message>
        <source>One-key dispatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Rings %n units</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Emergency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emergency calls ring with priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ring now (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Dispatch</name>
    <message>
        <source>Ringing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En route</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On scene</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off duty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emergency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Red</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orange</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yellow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SOS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gas leak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Intrusion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsafe behaviour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DispatchPanel</name>
    <message>
        <source>One-key dispatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatch is off: the site has no console unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatch is off: the site&apos;s hub names no console unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatch is off: no token for console unit %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatch off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this workstation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the hub…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to the hub (%1) as %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnecting to the hub… (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hub refused this console: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dispatch hub did not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatch: connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatch: reconnecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatch: not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatch is not connected; the call was not made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emergency call from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is calling: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n units</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1/%2 answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispatch is not connected; nothing was sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hub refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shared a video that cannot play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shared video: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Video</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InstructionsView</name>
    <message>
        <source>Who receives the instruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instruction, then Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipients must acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acknowledged %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OneKeyBar</name>
    <message numerus="yes">
        <source>%n units</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RosterView</name>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 of %3 online)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>panel</name>
    <message>
        <source>Dispatch</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
