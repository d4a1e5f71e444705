<?php
// Drives Roundcube's own IMAP library (rcube_imap_generic, Debian's roundcube-core) against a
// govmail server, the way Roundcube's webmail calls it, and prints what the library returned as
// one JSON object on stdout. tests/roundcube_e2e.rs starts the server, delivers the mail and
// checks the object; the IMAP exchange is logged to stderr for diagnosis.
//
// Usage: php roundcube.php SCENARIO PORT USER PASSWORD
// Scenarios: folders, read, change, thread.
//
// Folder names are given to the library in modified UTF-7, as Roundcube's rcube_imap layer
// converts them (rcube_charset::convert(..., 'UTF-8', 'UTF7-IMAP')) before calling it.

error_reporting(E_ALL);
ini_set('display_errors', 'stderr');

$lib = getenv('ROUNDCUBE_LIB') ?: '/usr/share/roundcube/program/lib/Roundcube';
if (!is_file("$lib/bootstrap.php")) {
    fwrite(STDERR, "Roundcube's library is missing: $lib/bootstrap.php (apt-get install roundcube-core)\n");
    exit(2);
}
require_once "$lib/bootstrap.php";

if ($argc != 5) {
    fwrite(STDERR, "usage: php roundcube.php SCENARIO PORT USER PASSWORD\n");
    exit(2);
}
[$_, $scenario, $port, $user, $password] = $argv;

function utf7($name)
{
    return rcube_charset::convert($name, 'UTF-8', 'UTF7-IMAP');
}

function utf8($name)
{
    return rcube_charset::convert($name, 'UTF7-IMAP', 'UTF-8');
}

// A failed call is recorded with the library's error (the server's tagged response text)
// rather than stopping the script, so that one run reports every difference at once.
function outcome($conn, $value)
{
    if ($value === false || $value === null) {
        return ['error' => $conn->errornum . ' ' . $conn->error];
    }
    return $value;
}

function uids($conn, $result)
{
    if (!$result || $result->is_error()) {
        return ['error' => $conn->errornum . ' ' . $conn->error];
    }
    return array_map('intval', $result->get());
}

// The headers of messages as Roundcube's message list shows them (fetchHeaders, then
// rcube_mime to decode the subject and the addresses).
function listing($conn, $mailbox, $set, $is_uid)
{
    $headers = $conn->fetchHeaders($mailbox, $set, $is_uid);
    if (!is_array($headers)) {
        return ['error' => $conn->errornum . ' ' . $conn->error];
    }
    $out = [];
    foreach ($headers as $h) {
        $from = rcube_mime::decode_address_list($h->from, null, true, 'UTF-8');
        $first = reset($from) ?: ['name' => '', 'mailto' => ''];
        $flags = array_keys(array_filter($h->flags));
        sort($flags);
        $out[] = [
            'id' => (int) $h->id,
            'uid' => (int) $h->uid,
            'subject' => rcube_mime::decode_header($h->subject, 'UTF-8'),
            'from_name' => $first['name'],
            'from' => $first['mailto'],
            'date' => $h->date,
            'timestamp' => $h->timestamp,
            'size' => (int) $h->size,
            'ctype' => $h->ctype,
            'charset' => $h->charset,
            'flags' => $flags,
            'internaldate' => $h->internaldate,
        ];
    }
    return $out;
}

$conn = new rcube_imap_generic();
$conn->setDebug(true, function ($c, $message) {
    fwrite(STDERR, $message . "\n");
});
// STARTTLS, the certificate not checked (the test server's is self-signed), as a Roundcube
// set up with imap_host = 'tls://127.0.0.1:PORT' and imap_conn_options verify_peer off.
$ok = $conn->connect('127.0.0.1', $user, $password, [
    'port' => (int) $port,
    'ssl_mode' => 'tls',
    'timeout' => 20,
    'auth_type' => 'check',
    'socket_options' => ['ssl' => [
        'verify_peer' => false,
        'verify_peer_name' => false,
        'allow_self_signed' => true,
    ]],
]);
$out = ['connect' => outcome($conn, $ok)];
if (!$ok) {
    echo json_encode($out, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
    exit(0);
}
$caps = [];
foreach (['IMAP4REV1', 'IMAP4REV2', 'LITERAL+', 'SORT', 'SORT=DISPLAY', 'MOVE', 'UIDPLUS', 'LIST-EXTENDED',
    'LIST-STATUS', 'SPECIAL-USE', 'CONDSTORE', 'QRESYNC', 'ENABLE', 'ID', 'IDLE', 'ESEARCH',
    'NAMESPACE', 'BINARY', 'QUOTA'] as $cap) {
    if ($conn->getCapability($cap)) {
        $caps[] = $cap;
    }
}
$out['capabilities'] = $caps;

switch ($scenario) {
case 'folders':
    $delim = $conn->getHierarchyDelimiter();
    $out['delimiter'] = $delim;
    $parent = 'Lưu trữ 2026';
    $child = $parent . $delim . 'Công văn đến';
    $renamed = $parent . $delim . 'Công văn đến đã xử lý';
    $out['utf7_child'] = utf7($child);

    // rcube_imap::create_folder: CREATE, then SUBSCRIBE.
    $out['create_parent'] = outcome($conn, $conn->createFolder(utf7($parent)));
    $out['subscribe_parent'] = outcome($conn, $conn->subscribe(utf7($parent)));
    $out['create_child'] = outcome($conn, $conn->createFolder(utf7($child)));
    $out['subscribe_child'] = outcome($conn, $conn->subscribe(utf7($child)));

    // rcube_imap::list_folders_direct: LIST "" "*"; the attributes are kept per folder.
    $list = $conn->listMailboxes('', '*');
    $out['list'] = is_array($list) ? array_map('utf8', $list) : outcome($conn, $list);
    $attrs = [];
    foreach ((array) ($conn->data['LIST'] ?? []) as $name => $opts) {
        $attrs[utf8($name)] = array_values($opts);
    }
    $out['attributes'] = $attrs;

    // rcube_imap::list_folders_subscribed_direct with LIST-EXTENDED: LIST (SUBSCRIBED) "" "*".
    $subscribed = $conn->listMailboxes('', '*', null, ['SUBSCRIBED']);
    $out['subscribed'] = is_array($subscribed) ? array_map('utf8', $subscribed) : outcome($conn, $subscribed);
    $lsub = $conn->listSubscribed('', '*');
    $out['lsub'] = is_array($lsub) ? array_map('utf8', $lsub) : outcome($conn, $lsub);

    // rcube_imap::get_special_folders: LIST (SPECIAL-USE) "" "*" RETURN (SUBSCRIBED).
    // (Roundcube never asks for LIST-STATUS: its folder manager counts with STATUS.)
    $special = $conn->listMailboxes('', '*', ['SUBSCRIBED'], ['SPECIAL-USE']);
    $out['special_use'] = is_array($special) ? array_map('utf8', $special) : outcome($conn, $special);
    $out['status_child'] = outcome($conn, $conn->status(utf7($child), ['MESSAGES', 'UNSEEN', 'UIDNEXT', 'UIDVALIDITY']));

    // rcube_imap::rename_folder: UNSUBSCRIBE old, RENAME, SUBSCRIBE new.
    $out['unsubscribe_child'] = outcome($conn, $conn->unsubscribe(utf7($child)));
    $out['rename_child'] = outcome($conn, $conn->renameFolder(utf7($child), utf7($renamed)));
    $out['subscribe_renamed'] = outcome($conn, $conn->subscribe(utf7($renamed)));
    $list = $conn->listMailboxes('', utf7($parent) . '*');
    $out['list_after_rename'] = is_array($list) ? array_map('utf8', $list) : outcome($conn, $list);

    // rcube_imap::delete_folder: each subfolder then the folder, UNSUBSCRIBE before DELETE.
    foreach ([$renamed, $parent] as $name) {
        $out['unsubscribe ' . $name] = outcome($conn, $conn->unsubscribe(utf7($name)));
        $out['delete ' . $name] = outcome($conn, $conn->deleteFolder(utf7($name)));
    }
    $conn->clearCapability();
    $list = $conn->listMailboxes('', '*');
    $out['list_after_delete'] = is_array($list) ? array_map('utf8', $list) : outcome($conn, $list);
    $subscribed = $conn->listMailboxes('', '*', null, ['SUBSCRIBED']);
    $out['subscribed_after_delete'] = is_array($subscribed) ? array_map('utf8', $subscribed) : outcome($conn, $subscribed);
    break;

case 'read':
    $out['select'] = outcome($conn, $conn->select('INBOX'));
    foreach (['EXISTS', 'UIDVALIDITY', 'UIDNEXT', 'PERMANENTFLAGS', 'READ-WRITE'] as $k) {
        $out['selected'][$k] = $conn->data[$k] ?? null;
    }
    $out['count'] = outcome($conn, $conn->countMessages('INBOX'));
    $out['unseen'] = outcome($conn, $conn->countUnseen('INBOX'));

    // The message list sorted by a column (rcube_imap::list_messages with SORT): UID SORT;
    // FROM and TO become DISPLAYFROM and DISPLAYTO when SORT=DISPLAY is advertised.
    foreach (['DATE', 'ARRIVAL', 'SUBJECT', 'FROM', 'SIZE'] as $field) {
        $out['sort'][$field] = uids($conn, $conn->sort('INBOX', $field, 'ALL', true, 'UTF-8'));
    }
    // The quick search box (program/actions/mail/search.php): the words in a literal after
    // CHARSET UTF-8, UNDELETED first, OR over the chosen header fields; sorted by date.
    $quick = function ($words, $fields) {
        $criteria = 'UNDELETED' . str_repeat(' OR', count($fields) - 1);
        foreach ($fields as $f) {
            $criteria .= ' ' . $f . ' ' . rcube_imap_generic::escape($words);
        }
        return $criteria;
    };
    $searches = [
        'subject giấy mời' => $quick('giấy mời', ['HEADER SUBJECT']),
        'subject GIẤY MỜI' => $quick('GIẤY MỜI', ['HEADER SUBJECT']),
        'subject giay moi' => $quick('giay moi', ['HEADER SUBJECT']),
        'subject or from Bình' => $quick('Bình', ['HEADER SUBJECT', 'HEADER FROM']),
        'from nguyen van binh' => $quick('nguyen van binh', ['HEADER FROM']),
        'body đào tạo' => $quick('đào tạo', ['BODY']),
        'body dao tao' => $quick('dao tao', ['BODY']),
        'text báo cáo' => $quick('báo cáo', ['TEXT']),
        'subject none' => $quick('không có thư này', ['HEADER SUBJECT']),
    ];
    foreach ($searches as $name => $criteria) {
        $out['search'][$name] = uids($conn, $conn->search('INBOX', 'CHARSET UTF-8 ' . $criteria, true));
        $out['sort_search'][$name] = uids($conn, $conn->sort('INBOX', 'DATE', $criteria, true, 'UTF-8'));
    }
    $out['search_unseen'] = uids($conn, $conn->search('INBOX', 'UNSEEN', true));

    // The list without SORT: an index of one header per message (fetchHeaderIndex).
    foreach (['SUBJECT', 'FROM', 'DATE', 'SIZE'] as $field) {
        $index = $conn->fetchHeaderIndex('INBOX', '1:*', $field, false, false, true);
        $out['index'][$field] = is_array($index) ? $index : outcome($conn, $index);
    }
    $out['headers'] = listing($conn, 'INBOX', '1:*', false);

    // Opening the multipart message (the third delivered): BODYSTRUCTURE, its parts' headers,
    // the text part decoded, the attachment decoded; nothing of this may set \Seen.
    $structure = $conn->getStructure('INBOX', 3, true);
    $out['structure'] = outcome($conn, $structure);
    $out['part_headers'] = outcome($conn, $conn->fetchMIMEHeaders('INBOX', 3, ['1', '2']));
    $text = $conn->handlePartBody('INBOX', 3, true, '1', 'quoted-printable');
    $out['part1'] = outcome($conn, $text);
    $pdf = $conn->handlePartBody('INBOX', 3, true, '2', 'base64');
    $out['part2_base64'] = $pdf === false ? outcome($conn, $pdf) : base64_encode($pdf);
    $whole = $conn->handlePartBody('INBOX', 1, true, '');
    $out['message1'] = outcome($conn, $whole);
    $out['flags_after_read'] = listing($conn, 'INBOX', '3', true);
    // Roundcube marks the message read once shown.
    $out['flag_seen'] = outcome($conn, $conn->flag('INBOX', 3, 'SEEN'));
    $out['unseen_after_flag'] = uids($conn, $conn->search('INBOX', 'UNSEEN', true));
    break;

case 'change':
    $drafts = 'Drafts';
    $sent = 'Sent';
    $archive = 'Lưu trữ';
    $out['create_archive'] = outcome($conn, $conn->createFolder(utf7($archive)));

    // Saving a draft (rcmail_sendmail::save_message): APPEND (\Seen); saving it again appends
    // the new version and deletes the old one (\Deleted, then UID EXPUNGE of that UID).
    $draft = function ($version) {
        return "From: =?UTF-8?B?" . base64_encode('Nguyễn Văn An') . "?= <annv@quangngai.gov.vn>\n"
            . "To: vanthu@danang.gov.vn\n"
            . "Subject: =?UTF-8?B?" . base64_encode("Dự thảo công văn lần $version") . "?=\n"
            . "Date: Thu, 04 Dec 2026 09:30:00 +0700\n"
            . "Message-ID: <draft$version@quangngai.gov.vn>\n"
            . "MIME-Version: 1.0\n"
            . "Content-Type: text/plain; charset=UTF-8\n"
            . "Content-Transfer-Encoding: 8bit\n"
            . "\n"
            . "Kính gửi Văn phòng UBND tỉnh,\nbản dự thảo lần $version.\n";
    };
    $first = $draft(1);
    $out['append_draft1'] = outcome($conn, $conn->append($drafts, $first, ['SEEN']));
    $second = $draft(2);
    $out['append_draft2'] = outcome($conn, $conn->append($drafts, $second, ['SEEN']));
    // append() returns the UID from [APPENDUID] (RFC 4315) when the server sends one.
    $old = is_numeric($out['append_draft1']) ? (int) $out['append_draft1'] : 1;
    $out['delete_draft1_flag'] = outcome($conn, $conn->flag($drafts, $old, 'DELETED'));
    $out['delete_draft1_expunge'] = outcome($conn, $conn->expunge($drafts, $old));
    $out['drafts'] = listing($conn, $drafts, '1:*', false);
    $body = $conn->handlePartBody($drafts, 1, false, '1');
    $out['draft_body'] = outcome($conn, $body);

    // The sent copy.
    $copy = "From: annv@quangngai.gov.vn\nTo: vanthu@danang.gov.vn\n"
        . "Subject: =?UTF-8?B?" . base64_encode('Báo cáo đã gửi') . "?=\n"
        . "Date: Thu, 04 Dec 2026 10:00:00 +0700\nMIME-Version: 1.0\n"
        . "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\nĐã gửi.\n";
    $out['append_sent'] = outcome($conn, $conn->append($sent, $copy, ['SEEN']));
    $out['sent'] = listing($conn, $sent, '1:*', false);

    // Flags as the message list's menu sets them (UID STORE +FLAGS.SILENT / -FLAGS.SILENT).
    $out['flag_flagged'] = outcome($conn, $conn->flag('INBOX', 2, 'FLAGGED'));
    $out['flag_answered'] = outcome($conn, $conn->flag('INBOX', 2, 'ANSWERED'));
    $out['flag_forwarded'] = outcome($conn, $conn->flag('INBOX', 2, 'FORWARDED'));
    $out['flags_set'] = listing($conn, 'INBOX', '2', true);
    $out['unflag_flagged'] = outcome($conn, $conn->unflag('INBOX', 2, 'FLAGGED'));
    $out['flag_seen'] = outcome($conn, $conn->flag('INBOX', '1:3', 'SEEN'));
    $out['unflag_seen'] = outcome($conn, $conn->unflag('INBOX', 1, 'SEEN'));
    $out['flags_after'] = listing($conn, 'INBOX', '1:*', true);
    $out['search_flagged'] = uids($conn, $conn->search('INBOX', 'FLAGGED', true));
    $out['search_unseen'] = uids($conn, $conn->search('INBOX', 'UNSEEN', true));

    // Moving a message (drag and drop): UID MOVE; copying one: UID COPY.
    $out['move'] = outcome($conn, $conn->move(1, 'INBOX', utf7($archive)));
    $out['inbox_after_move'] = uids($conn, $conn->search('INBOX', 'ALL', true));
    $out['copy'] = outcome($conn, $conn->copy(3, 'INBOX', utf7($archive)));
    $out['copyuid'] = $conn->data['COPYUID'] ?? null;
    $out['archive'] = listing($conn, utf7($archive), '1:*', false);
    // Delete to Trash: a move again.
    $out['move_trash'] = outcome($conn, $conn->move(2, 'INBOX', 'Trash'));
    $out['trash'] = listing($conn, 'Trash', '1:*', false);
    $out['inbox_after'] = uids($conn, $conn->search('INBOX', 'ALL', true));
    $out['status_inbox'] = outcome($conn, $conn->status('INBOX', ['MESSAGES', 'UNSEEN']));
    $out['status_archive'] = outcome($conn, $conn->status(utf7($archive), ['MESSAGES', 'UNSEEN']));
    // Emptying Trash (rcube_imap::clear_folder): \Deleted on 1:*, then EXPUNGE.
    $out['clear_trash'] = outcome($conn, $conn->clearFolder('Trash'));
    $out['status_trash'] = outcome($conn, $conn->status('Trash', ['MESSAGES']));
    break;

case 'thread':
    // The threaded message list (rcube_imap::set_threading, then threads() and
    // fetch_thread_headers): the algorithm is the first of REFS, REFERENCES, ORDEREDSUBJECT
    // that THREAD= advertises; UID THREAD over UNDELETED in UTF-8; the tree gives each
    // message its depth and whether it has children, which the list shows indented.
    $algorithms = $conn->getCapability('THREAD');
    $out['thread_algorithms'] = is_array($algorithms) ? array_values($algorithms) : [];
    $chosen = array_values(array_intersect(['REFS', 'REFERENCES', 'ORDEREDSUBJECT'], $out['thread_algorithms']));
    $out['algorithm'] = $chosen[0] ?? null;
    $out['select'] = outcome($conn, $conn->select('INBOX'));
    foreach (['REFS', 'REFERENCES', 'ORDEREDSUBJECT'] as $algorithm) {
        $threads = $conn->thread('INBOX', $algorithm, 'UNDELETED', true, 'UTF-8');
        if ($threads->is_error()) {
            $out['threads'][$algorithm] = ['error' => $conn->errornum . ' ' . $conn->error];
            continue;
        }
        [$depth, $children] = $threads->get_thread_data();
        $out['threads'][$algorithm] = [
            'tree' => $threads->get_tree(),
            'count' => $threads->count(),
            'messages' => $threads->count_messages(),
            'order' => array_map('intval', $threads->get()),
            'depth' => $depth,
            'children' => $children,
        ];
    }
    // The list as the webmail shows it with the chosen algorithm: each row indented by its
    // depth, with the subject from the header fetch.
    if ($out['algorithm']) {
        $threads = $conn->thread('INBOX', $out['algorithm'], 'UNDELETED', true, 'UTF-8');
        [$depth, $children] = $threads->get_thread_data();
        $subjects = [];
        foreach (listing($conn, 'INBOX', '1:*', false) as $h) {
            $subjects[$h['uid']] = $h['subject'];
        }
        $rows = [];
        foreach ($threads->get() as $uid) {
            $rows[] = str_repeat('  ', $depth[$uid]) . $subjects[(int) $uid];
        }
        $out['list'] = $rows;
    }
    break;

default:
    fwrite(STDERR, "unknown scenario $scenario\n");
    exit(2);
}

$conn->closeConnection();
echo json_encode($out, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRETTY_PRINT), "\n";
