<?xml version="1.0" encoding="UTF-8"?>
<!-- vigil: report.xml (urn:vigil:report:1) to HTML: header, honest summary
     with the compliance score, a matrix of agencies by items, and per agency
     the evidence with its graphs. vigil-report's HTML writer applies it to
     the report without its agencies (part 'overview') and to each agency in
     turn (part 'agency'), and joins the parts at the vigil: comments.
     Parameters: lang 'vi' (default) or 'en'; part; detail; pages. Every
     string from data reaches the page as text (the processor escapes it);
     the page fetches nothing. -->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:r="urn:vigil:report:1"
                xmlns:l="urn:vigil:labels"
                xmlns:v="urn:vigil:html"
                exclude-result-prefixes="r l v">
  <xsl:output method="html" encoding="UTF-8" indent="no"/>
  <xsl:param name="lang" select="'vi'"/>
  <!-- which part of the page: 'overview' (the page around the agencies, with
       vigil: comments where the writer puts the matrix rows of each
       category and the agencies' sections) or 'agency' (the one agency of
       the document: its matrix row, a vigil:split comment, its section) -->
  <xsl:param name="part" select="'overview'"/>
  <!-- 'problems': items that pass are one line and agencies with nothing to
       show one short section; 'all': every check with its evidence -->
  <xsl:param name="detail" select="'problems'"/>
  <!-- '1': a site of pages (index.html, agencies/ID.html); links follow -->
  <xsl:param name="pages" select="''"/>
  <!-- seconds after which the page of an open window reloads itself
       (vigil-report \-\-watch); '' never -->
  <xsl:param name="refresh" select="''"/>

  <l:labels>
    <l:l k="report" vi="Báo cáo tuân thủ" en="Compliance report"/>
    <l:l k="directive" vi="Văn bản" en="Directive"/>
    <l:l k="issuer" vi="Cơ quan ban hành" en="Issuer"/>
    <l:l k="dated" vi="Ngày ban hành" en="Dated"/>
    <l:l k="window" vi="Khoảng thời gian đánh giá" en="Window"/>
    <l:l k="generated" vi="Thời điểm lập" en="Generated"/>
    <l:l k="signature" vi="Chữ ký số" en="Signature"/>
    <l:l k="fingerprint" vi="Dấu vân tay SHA-256 của chứng thư: " en="Certificate SHA-256 fingerprint: "/>
    <l:l k="unsigned" vi="Chưa ký số: tệp này không chứng minh được do ai lập" en="Unsigned: nothing shows who made this file"/>
    <l:l k="digests" vi="Mã băm SHA-256 của danh mục và danh sách đơn vị" en="SHA-256 of the catalogue and the inventory"/>
    <l:l k="summary" vi="Tổng hợp" en="Summary"/>
    <l:l k="stray-hosts" vi="Máy gửi dữ liệu nhưng không thuộc đơn vị nào trong danh sách (dữ liệu của chúng không là bằng chứng cho ai):" en="Hosts that sent data but belong to no agency of the inventory (their values are evidence of nobody):"/>
    <l:l k="clock-ahead" vi="Đơn vị có giá trị bị máy chủ trung tâm loại bỏ vì ghi thời gian vượt quá đồng hồ của máy chủ (đồng hồ của máy bị sai; thời gian trong số liệu của đơn vị không đáng tin):" en="Agencies some of whose values the central dropped as dated ahead of its clock (the host's clock is wrong; the times of its values are not to be trusted):"/>
    <l:l k="values-dropped" vi="giá trị bị loại bỏ" en="values dropped"/>
    <l:l k="late-evidence" vi="Đơn vị có bằng chứng của thời gian theo dõi đến máy chủ trung tâm sau khi thời gian theo dõi đã kết thúc (gửi muộn hoặc ghi lùi ngày): số liệu của các đơn vị này không có ở đó khi kết thúc." en="Agencies whose evidence for the window reached the central collector only after the window had ended (delivered late or backdated): their figures were not there at its end."/>
    <l:l k="late-last" vi="của thời gian theo dõi, đo từ" en="of the window, measured from"/>
    <l:l k="late-arrived" vi="đến muộn nhất lúc" en="the last of it arriving at"/>
    <l:l k="late-badge" vi="bằng chứng đến muộn" en="late evidence"/>
    <l:l k="missing-hosts" vi="Máy trong danh sách đơn vị chưa từng gửi dữ liệu:" en="Hosts of the inventory that never sent anything:"/>
    <l:l k="incidents" vi="Sự cố" en="Incidents"/>
    <l:l k="incident-opened" vi="mở lúc " en="opened "/>
    <l:l k="incident-still-open" vi=" (vẫn đang mở)" en=" (still open)"/>
    <l:l k="unmatched-checks" vi="Kiểm tra không tìm thấy tệp RRD nào ở bất kỳ đơn vị nào áp dụng (thư mục dữ liệu sai, hoặc không máy nào nạp plugin):" en="Checks for which no RRD file matched at any agency they apply to (a wrong data folder, or a plugin nobody loads):"/>
    <l:l k="agencies-n" vi=" đơn vị" en=" agencies"/>
    <l:l k="files" vi="tệp" en="files"/>
    <l:l k="last-update" vi="cập nhật cuối" en="last update"/>
    <l:l k="score" vi="Điểm tuân thủ" en="Compliance score"/>
    <l:l k="score-after" vi="sau miễn trừ" en="after waivers"/>
    <l:l k="no-score" vi="Không tính được điểm: không có kiểm tra nào được đánh giá." en="No score: no check could be evaluated."/>
    <l:l k="formula" vi="Công thức: tổng trọng số các kiểm tra đạt chia cho tổng trọng số các kiểm tra áp dụng (kể cả không có dữ liệu và lỗi), trọng số theo mức độ:" en="Formula: the weight of the checks that pass divided by the weight of all applicable checks (no data and errors included), weighted by severity:"/>
    <l:l k="all-pass" vi="Mọi hạng mục áp dụng đều đạt." en="Every applicable item passes."/>
    <l:l k="some-fail" vi="kết quả đơn vị × hạng mục không đạt." en="agency × item results fail."/>
    <l:l k="some-nodata" vi="kết quả đơn vị × hạng mục không có dữ liệu hoặc bị lỗi: báo cáo không thể cho thấy tuân thủ ở những mục này." en="agency × item results have no data or an error: this report cannot show compliance there."/>
    <l:l k="item" vi="Hạng mục" en="Item"/>
    <l:l k="agency" vi="Đơn vị" en="Agency"/>
    <l:l k="agencies" vi="Các đơn vị" en="Agencies"/>
    <l:l k="passing-items" vi="Các hạng mục đạt" en="Items that pass"/>
    <l:l k="by-category" vi="Theo loại đơn vị: số đơn vị đạt / số đơn vị phải thực hiện; ✗ không đạt, ? không có dữ liệu, W miễn trừ" en="By category: agencies passing / agencies it applies to; ✗ failing, ? no data, W waived"/>
    <l:l k="rs-read-error" vi="Không đọc được dữ liệu" en="Cannot be read"/>
    <l:l k="rs-agency-error" vi="Đơn vị không được đánh giá" en="Agency not evaluated"/>
    <l:l k="rs-no-file" vi="Không có tệp RRD nào của các máy chủ của đơn vị khớp với " en="No RRD file of the agency's hosts matches "/>
    <l:l k="rs-no-attestation" vi="Kiểm tra thủ công: chưa có xác nhận của cán bộ" en="Manual check: no attestation was given"/>
    <l:l k="rs-maintenance-only" vi="Toàn bộ khoảng đo là thời gian bảo trì được duyệt: không có gì để đánh giá" en="The whole period was approved maintenance: nothing to judge"/>
    <l:l k="rs-no-known-value" vi="Không có giá trị nào trong khoảng đo" en="No known value between the period's start and end"/>
    <l:l k="rs-low-coverage-1" vi="Dữ liệu phủ " en="Data covers "/>
    <l:l k="rs-low-coverage-2" vi=" khoảng đo; kiểm tra cần " en=" of the period; the check needs "/>
    <l:l k="rs-inconclusive-1" vi="Không kết luận được ở độ phân giải " en="Inconclusive at a resolution of "/>
    <l:l k="rs-inconclusive-2" vi=": số liệu nằm trong khoảng " en=": the figure lies between "/>
    <l:l k="rs-inconclusive-3" vi=", ở cả hai phía của ngưỡng" en=", on both sides of the threshold"/>
    <l:l k="u-s" vi="giây" en="s"/>
    <l:l k="u-min" vi="phút" en="min"/>
    <l:l k="u-h" vi="giờ" en="h"/>
    <l:l k="u-d" vi="ngày" en="d"/>
    <l:l k="u-/s" vi="/giây" en="/s"/>
    <l:l k="cf-AVERAGE" vi="trung bình" en="AVERAGE"/>
    <l:l k="cf-MIN" vi="nhỏ nhất" en="MIN"/>
    <l:l k="cf-MAX" vi="lớn nhất" en="MAX"/>
    <l:l k="legend" vi="Đồ thị" en="Graphs"/>
    <l:l k="lg-value" vi="giá trị" en="value"/>
    <l:l k="lg-nodata" vi="không có dữ liệu" en="no data"/>
    <l:l k="lg-maintenance" vi="bảo trì được duyệt" en="approved maintenance"/>
    <l:l k="lg-rule" vi="ngưỡng hoặc điều kiện" en="threshold or condition"/>
    <l:l k="back" vi="Trang tổng hợp" en="Overview"/>
    <l:l k="matrix" vi="Ma trận đơn vị × hạng mục" en="Agencies × items"/>
    <l:l k="check" vi="Kiểm tra" en="Check"/>
    <l:l k="status" vi="Trạng thái" en="Status"/>
    <l:l k="figure" vi="Số liệu" en="Figure"/>
    <l:l k="threshold" vi="Ngưỡng" en="Threshold"/>
    <l:l k="period" vi="Khoảng đo" en="Period"/>
    <l:l k="coverage" vi="Độ phủ dữ liệu" en="Data coverage"/>
    <l:l k="resolution" vi="Độ phân giải" en="Resolution"/>
    <l:l k="between" vi="trong khoảng" en="between"/>
    <l:l k="hosts" vi="Máy chủ" en="Hosts"/>
    <l:l k="filter" vi="Lọc theo trạng thái" en="Filter by status"/>
    <l:l k="search" vi="Tìm đơn vị, mã hạng mục hoặc mã kiểm tra (không cần dấu)" en="Search agencies, item or check ids"/>
    <l:l k="not-evaluated" vi="Đơn vị không được đánh giá" en="Agency not evaluated"/>
    <l:l k="remediation" vi="Cần làm" en="To do"/>
    <l:l k="attested" vi="Xác nhận bởi" en="Attested by"/>
    <l:l k="dated-before-window" vi="ghi ngày trước kỳ kiểm tra" en="dated before the window"/>
    <l:l k="dated-after-window" vi="ghi ngày sau kỳ kiểm tra" en="dated after the window"/>
    <l:l k="dated-after-report" vi="ghi ngày sau thời điểm lập báo cáo" en="dated after this report was made"/>
    <l:l k="outages" vi="Gián đoạn" en="Outages"/>
    <l:l k="parts" vi="Chi tiết" en="Largest parts"/>
    <l:l k="gaps" vi="Không có dữ liệu" en="No data"/>
    <l:l k="since" vi="So với báo cáo trước lập lúc" en="Since the previous report of"/>
    <l:l k="newly-failing" vi="mới không đạt" en="newly failing"/>
    <l:l k="fixed" vi="đã khắc phục" en="fixed"/>
    <l:l k="still-failing" vi="vẫn không đạt" en="still failing"/>
    <l:l k="new-badge" vi="mới" en="new"/>
    <l:l k="fixed-badge" vi="đã sửa" en="fixed"/>
    <l:l k="yes" vi="có" en="yes"/>
    <l:l k="no" vi="không" en="no"/>
    <l:l k="low" vi="thấp" en="low"/>
    <l:l k="medium" vi="trung bình" en="medium"/>
    <l:l k="high" vi="cao" en="high"/>
    <l:l k="critical" vi="nghiêm trọng" en="critical"/>
    <l:l k="provisional" vi="BÁO CÁO TẠM THỜI" en="PROVISIONAL REPORT"/>
    <l:l k="provisional-text" vi="khoảng thời gian đánh giá chưa kết thúc; số liệu chỉ tính đến thời điểm lập báo cáo. Kết thúc dự kiến:" en="the window is still open; the figures cover it up to the generation time only. It ends"/>
    <l:l k="planned" vi="Gián đoạn có kế hoạch: " en="Planned outage: "/>
    <l:l k="maintenance" vi="bảo trì được duyệt: " en="approved maintenance: "/>
    <l:l k="unplanned" vi="Gián đoạn ngoài kế hoạch: " en="Unplanned outage: "/>
    <l:l k="waiver-applied" vi="Miễn trừ đến" en="Waived until"/>
    <l:l k="waiver-expired" vi="Miễn trừ đã hết hạn, không áp dụng:" en="Waiver expired, not applied:"/>
    <l:l k="measured" vi="kết quả đo:" en="measured:"/>
    <l:l k="pass" vi="Đạt" en="Pass"/>
    <l:l k="fail" vi="Không đạt" en="Fail"/>
    <l:l k="nodata" vi="Không có dữ liệu" en="No data"/>
    <l:l k="error" vi="Lỗi" en="Error"/>
    <l:l k="manual-pass" vi="Đạt (xác nhận)" en="Pass (attested)"/>
    <l:l k="manual-fail" vi="Không đạt (xác nhận)" en="Fail (attested)"/>
    <l:l k="not-applicable" vi="Không áp dụng" en="Not applicable"/>
    <l:l k="waived" vi="Miễn trừ" en="Waived"/>
    <l:l k="at-risk" vi="Có nguy cơ" en="At risk"/>
    <l:l k="rs-at-risk-1" vi="Ngân sách lỗi còn lại (" en="The error budget left ("/>
    <l:l k="rs-at-risk-2" vi=") sẽ hết lúc " en=") runs out at "/>
    <l:l k="rs-at-risk-3" vi=", trước khi kết thúc khoảng đánh giá" en=", before the period ends"/>
    <l:l k="budget" vi="Ngân sách lỗi" en="Error budget"/>
    <l:l k="budget-spent" vi="đã dùng" en="spent"/>
    <l:l k="budget-of" vi="trên" en="of"/>
    <l:l k="budget-left" vi="còn lại" en="left"/>
    <l:l k="budget-runs-out" vi="sẽ hết lúc" en="runs out at"/>
    <l:l k="budget-rate" vi="theo tốc độ từ" en="at the rate since"/>
    <l:l k="budget-gone" vi="đã dùng hết: không thể đạt được nữa" en="spent: can no longer be met"/>
    <l:l k="budget-longest" vi="lần dài nhất" en="longest"/>
    <l:l k="budget-current" vi="lần đang diễn ra" en="in progress"/>
    <l:l k="budget-allowed" vi="cho phép" en="allowed"/>
    <l:l k="silent-banner" vi="đơn vị im lặng: không có số liệu mới lâu hơn giới hạn" en="agencies silent: no new data for longer than their limit"/>
    <l:l k="silent-since" vi="im lặng từ" en="silent since"/>
    <l:l k="silent-badge" vi="Im lặng" en="Silent"/>
    <l:l k="at-risk-banner" vi="kiểm tra có nguy cơ không đạt: ngân sách lỗi sẽ hết trước khi kết thúc" en="checks at risk: their error budget runs out before the window ends"/>
    <l:l k="newest-data" vi="Số liệu mới nhất" en="Newest data"/>
    <l:l k="ago" vi="trước" en="ago"/>
  </l:labels>

  <xsl:variable name="L" select="document('')/*/l:labels/l:l"/>
  <xsl:key name="label" match="l:l" use="@k"/>
  <!-- the decimal separator and the units of durations, in the reader's language -->
  <xsl:variable name="dec" select="substring(',.', 1 + number($lang = 'en'), 1)"/>
  <xsl:variable name="U-s" select="$L[@k = 'u-s']/@*[name() = $lang]"/>
  <xsl:variable name="U-min" select="$L[@k = 'u-min']/@*[name() = $lang]"/>
  <xsl:variable name="U-h" select="$L[@k = 'u-h']/@*[name() = $lang]"/>
  <!-- the statuses' labels, looked up for every cell and badge -->
  <xsl:variable name="SL" select="$L[contains(concat(' ', $statuses, ' '), concat(' ', @k, ' '))]"/>
  <xsl:variable name="statuses" select="'pass fail nodata error manual-pass manual-fail waived not-applicable at-risk'"/>

  <!-- a label in the reader's language -->
  <xsl:template name="t">
    <xsl:param name="k"/>
    <xsl:choose>
      <!-- vigil-report's HTML writer indexes the labels once for every agency -->
      <xsl:when test="function-available('v:label')"><xsl:value-of select="v:label($k)"/></xsl:when>
      <!-- key() looks in the document of the context node: the stylesheet -->
      <xsl:otherwise>
        <xsl:for-each select="$L[1]">
          <xsl:value-of select="key('label', $k)/@*[name() = $lang]"/>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a text of the report in the reader's language, else the other one -->
  <xsl:template name="text">
    <xsl:param name="nodes"/>
    <xsl:choose>
      <xsl:when test="$nodes[lang($lang)]"><xsl:value-of select="$nodes[lang($lang)][1]"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$nodes[1]"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- 2020-04-30T00:00:00+07:00 as 30/04/2020 00:00 (UTC+07:00) -->
  <xsl:template name="time">
    <xsl:param name="t"/>
    <xsl:value-of select="concat(substring($t, 9, 2), '/', substring($t, 6, 2), '/',
                          substring($t, 1, 4), ' ', substring($t, 12, 5))"/>
    <xsl:variable name="off" select="substring($t, 20)"/>
    <xsl:choose>
      <xsl:when test="$off = 'Z'"> (UTC)</xsl:when>
      <xsl:otherwise><xsl:value-of select="concat(' (UTC', $off, ')')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- from → to: the end's time alone when it is the same day, else its
       date too (30/04/2020 21:59 → 01/05/2020 00:10 (UTC+07:00)) -->
  <xsl:template name="range">
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:value-of select="concat(substring($from, 9, 2), '/', substring($from, 6, 2), '/', substring($from, 1, 4), ' ', substring($from, 12, 5))"/>
    <xsl:text> → </xsl:text>
    <xsl:choose>
      <xsl:when test="substring($from, 1, 10) = substring($to, 1, 10)">
        <xsl:value-of select="substring($to, 12, 5)"/>
        <xsl:variable name="off" select="substring($to, 20)"/>
        <xsl:choose>
          <xsl:when test="$off = 'Z'"> (UTC)</xsl:when>
          <xsl:otherwise><xsl:value-of select="concat(' (UTC', $off, ')')"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="time"><xsl:with-param name="t" select="$to"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- seconds as "2 h 05 min", "4 min 10 s" or "12 s" -->
  <xsl:template name="dur">
    <xsl:param name="s"/>
    <xsl:variable name="n" select="round(number($s))"/>
    <xsl:choose>
      <xsl:when test="$n &gt;= 3600"><xsl:value-of select="concat(floor($n div 3600), ' ', $U-h, ' ', format-number(floor($n mod 3600 div 60), '00'), ' ', $U-min)"/></xsl:when>
      <xsl:when test="$n &gt;= 60"><xsl:value-of select="concat(floor($n div 60), ' ', $U-min, ' ', format-number($n mod 60, '00'), ' ', $U-s)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($n, ' ', $U-s)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- outages or gaps with their times -->
  <xsl:template name="spans">
    <xsl:param name="nodes"/>
    <xsl:param name="k"/>
    <xsl:param name="all"/>
    <xsl:if test="$nodes">
      <div class="spans">
        <xsl:call-template name="t"><xsl:with-param name="k" select="$k"/></xsl:call-template>
        <xsl:text> (</xsl:text><xsl:value-of select="$all"/><xsl:text>): </xsl:text>
        <xsl:for-each select="$nodes">
          <xsl:if test="position() &gt; 1">; </xsl:if>
          <xsl:call-template name="range"><xsl:with-param name="from" select="@from"/><xsl:with-param name="to" select="@to"/></xsl:call-template>
          <xsl:text> (</xsl:text>
          <xsl:call-template name="dur"><xsl:with-param name="s" select="@seconds"/></xsl:call-template>
          <xsl:text>)</xsl:text>
        </xsl:for-each>
        <xsl:if test="$all &gt; count($nodes)"> …</xsl:if>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template name="status">
    <xsl:param name="s"/>
    <span class="badge st-{$s}"><xsl:value-of select="$SL[@k = $s]/@*[name() = $lang]"/></span>
  </xsl:template>

  <xsl:template match="/r:report">
    <xsl:choose>
      <xsl:when test="$part = 'agency'">
        <xsl:apply-templates select="r:agency" mode="row"/>
        <xsl:comment>vigil:split</xsl:comment>
        <xsl:apply-templates select="r:agency"/>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="." mode="page"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- the page around the agencies: the writer splits it at its vigil:
       comments (back: the link an agency's own page starts with; page: the
       overview; rows:N: the matrix rows of the N-th category, 0 the rest;
       agencies: the agencies' sections) -->
  <xsl:template match="r:report" mode="page">
    <xsl:text disable-output-escaping="yes">&lt;!DOCTYPE html&gt;&#10;</xsl:text>
    <html lang="{$lang}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <xsl:if test="$refresh != '' and @provisional = 'true'"><meta http-equiv="refresh" content="{$refresh}"/></xsl:if>
        <title>
          <xsl:if test="@provisional = 'true'">
            <xsl:call-template name="t"><xsl:with-param name="k" select="'provisional'"/></xsl:call-template>
            <xsl:text>: </xsl:text>
          </xsl:if>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'report'"/></xsl:call-template>
          <xsl:value-of select="concat(' — ', r:directive/@number)"/>
        </title>
        <style>
body { font: 14px/1.45 "DejaVu Sans", Arial, sans-serif; color: #1b1b1b; margin: 0 auto; max-width: 1200px; padding: 1em 1.5em; }
h1 { font-size: 1.5em; margin: 0.2em 0; } h2 { font-size: 1.25em; border-bottom: 2px solid #345; padding-bottom: 0.2em; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin: 0.8em 0 0.3em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.45em; text-align: left; vertical-align: top; }
th { background: #eef1f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.15em 1em; margin: 0.6em 0; }
dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 0 0.45em; border-radius: 3px; font-size: 0.9em; white-space: nowrap; }
.st-pass, .st-manual-pass { background: #d7f0d9; color: #14521b; }
.st-fail, .st-manual-fail { background: #f8d3d0; color: #7d1410; }
.st-nodata { background: #fdebc2; color: #6b4b00; }
.st-error { background: #e7d3f0; color: #4f1b69; }
.st-waived { background: #d8e6f7; color: #17406d; }
.st-not-applicable { background: #f1f1f1; color: #777; }
.st-at-risk { background: #ffdcb0; color: #7a3a00; }
table.open-window th .badge { white-space: normal; } /* nine status columns fit the page */
.banner.at-risk { border-color: #e67e22; background: #fff0e0; }
.budget .bar { display: inline-block; width: 8em; height: 0.75em; border: 1px solid #888; vertical-align: middle; margin-right: 0.4em; background: #fff; }
.budget .bar span { display: block; height: 100%; background: #2e8b3a; overflow: hidden; font-size: 0.5em; }
.budget.b-at-risk .bar span { background: #e67e22; } .budget.b-spent .bar span { background: #c0392b; }
.banner { padding: 0.6em 0.9em; margin: 0.6em 0; border-left: 6px solid; }
.banner.fail { border-color: #c0392b; background: #fbe9e7; } .badge.late { background: #c0392b; color: #fff; } .banner.nodata { border-color: #d39e00; background: #fff6db; }
.banner.provisional { border-color: #555; background: repeating-linear-gradient(45deg, #f4f4f4, #f4f4f4 10px, #e9e9e9 10px, #e9e9e9 20px); font-size: 1.1em; }
.banner.ok { border-color: #2e8b3a; background: #e8f6ea; }
.score { font-size: 1.3em; font-weight: bold; }
.matrix td, .matrix th { text-align: center; } .matrix td.name, .matrix th.name { text-align: left; }
.matrix td a { display: block; color: inherit; text-decoration: none; }
.matrix tr.group th { background: #dfe6ee; text-align: left; }
.item { margin: 0.4em 0 1em; break-inside: avoid; }
.change { font-size: 0.8em; border: 1px solid #999; border-radius: 3px; padding: 0 0.3em; }
.spans { font-size: 0.88em; color: #333; }
.reason { color: #5a4a00; font-size: 0.92em; }
.note { margin-top: 0.3em; padding: 0.25em 0.5em; background: #f7f3e8; border-left: 3px solid #a08020; font-size: 0.92em; }
.remediation { margin-top: 0.3em; padding: 0.25em 0.5em; background: #f3f6fa; border-left: 3px solid #345; font-size: 0.92em; }
.graph img { max-width: 100%; height: auto; display: block; margin: 0.3em 0; }
/* the graphs' colours (reports/rrd_source.h) */
.sw { display: inline-block; width: 1.6em; height: 0.8em; margin: 0 0.3em 0 0.8em; vertical-align: middle; border: 1px solid #999; }
.sw-value { background: #1f5fa8; height: 0.25em; } .sw-nodata { background: #e0e0e0; }
.sw-maintenance { background: #f6d28b; } .sw-rule { background: #c0392b; height: 0.25em; }
.controls { display: none; margin: 0.5em 0; } .js .controls { display: block; }
.controls label { margin-right: 0.8em; white-space: nowrap; } .controls input[type=search] { min-width: 32em; max-width: 100%; }
.hidden { display: none; }
table.by-category caption { text-align: left; font-size: 0.92em; color: #444; padding: 0.3em 0; }
.passing { margin: 0.3em 0 0.8em; }
/* the browser lays out an agency's section only when it comes into view:
   a page of 1,000 agencies opens at once */
@media screen { section.agency { content-visibility: auto; contain-intrinsic-size: auto 40em; } }
section.compact h2 { font-size: 1.05em; border-bottom: 1px solid #bbb; }
.small { font-size: 0.88em; color: #444; }
#summary table td:first-child { min-width: 16em; }
@media print {
  @page { size: A4 portrait; margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 9.5pt; line-height: 1.3; }
  .controls { display: none !important; } .hidden { display: revert; }
  a { color: inherit; text-decoration: none; }
  .badge { border: 1px solid #999; }
  /* a heading stays with what follows it; rows, items and graphs are not
     cut; a table's header is repeated on every page it runs over */
  h1, h2, h3, .group th { break-after: avoid; }
  tr, .item h3, .passing, .legend, p.banner, tr.graph { break-inside: avoid; }
  thead { display: table-header-group; }
  /* the agencies flow on after the overview, one after the other */
  section.agency { break-inside: auto; }
  section.agency > h2 { margin-top: 1em; }
  dl.meta dd code { font-size: 0.85em; }
  .matrix td, .matrix th { padding: 0.1em 0.3em; }
  .graph img { max-width: 15cm; }
}
        </style>
      </head>
      <body>
        <xsl:apply-templates select="." mode="header"/>
        <xsl:comment>vigil:back</xsl:comment>
        <p class="back"><a href="../index.html">← <xsl:call-template name="t"><xsl:with-param name="k" select="'back'"/></xsl:call-template></a></p>
        <xsl:comment>vigil:page</xsl:comment>
        <xsl:apply-templates select="r:summary"/>
        <xsl:apply-templates select="." mode="matrix"/>
        <xsl:if test="$pages != '1'">
          <h2 class="agencies"><xsl:call-template name="t"><xsl:with-param name="k" select="'agencies'"/></xsl:call-template></h2>
        </xsl:if>
        <xsl:comment>vigil:agencies</xsl:comment>
        <script>
(function () {
  document.documentElement.className += ' js';
  var boxes = document.querySelectorAll('.controls input[type=checkbox]');
  var search = document.querySelector('.controls input[type=search]');
  /* lower case without accents: "Bưu điện" and "buu dien" are one */
  function fold(s) {
    return (s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/\u0111/g, 'd').replace(/\u0110/g, 'd').toLowerCase();
  }
  /* the matrix's rows, each with its agency's section (on this page) */
  var rows = document.querySelectorAll('tr[data-statuses]'), sections = [], texts = null;
  function apply() {
    if (texts === null) { /* found and folded once, at the first use */
      texts = [];
      for (var r = 0; r &lt; rows.length; r++) {
        var href = rows[r].querySelector('td.name a').getAttribute('href');
        texts.push(' ' + fold(rows[r].getAttribute('data-search')) + ' ');
        sections.push(href.charAt(0) === '#' ? document.getElementById(href.slice(1)) : null);
      }
    }
    var want = {}, words = fold(search ? search.value : '').split(/\s+/).filter(Boolean);
    for (var i = 0; i &lt; boxes.length; i++) if (boxes[i].checked) want[boxes[i].value] = true;
    for (var j = 0; j &lt; rows.length; j++) {
      var st = rows[j].getAttribute('data-statuses').split(' '), hit = false;
      for (var k = 0; k &lt; st.length; k++) if (want[st[k]]) hit = true;
      /* every word typed is found in the row (an id like I.3 whole or as a prefix) */
      for (var w = 0; hit &amp;&amp; w &lt; words.length; w++) {
        var q = words[w], at = texts[j].indexOf(q);
        if (/^[a-z]+\.[0-9]/.test(q)) at = texts[j].indexOf(' ' + q);
        if (at &lt; 0) hit = false;
      }
      rows[j].classList.toggle('hidden', !hit);
      if (sections[j]) sections[j].classList.toggle('hidden', !hit);
    }
  }
  for (var i = 0; i &lt; boxes.length; i++) boxes[i].addEventListener('change', apply);
  if (search) search.addEventListener('input', apply);
})();
        </script>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="r:report" mode="header">
    <header>
      <xsl:if test="@provisional = 'true'">
        <p class="banner provisional" id="provisional">
          <strong><xsl:call-template name="t"><xsl:with-param name="k" select="'provisional'"/></xsl:call-template></strong>
          <xsl:text> — </xsl:text>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'provisional-text'"/></xsl:call-template>
          <xsl:text> </xsl:text>
          <xsl:call-template name="time"><xsl:with-param name="t" select="r:window/@planned-to"/></xsl:call-template>
        </p>
      </xsl:if>
      <div class="small">
        <xsl:call-template name="t"><xsl:with-param name="k" select="'report'"/></xsl:call-template>
      </div>
      <h1>
        <xsl:value-of select="r:directive/@number"/>
        <xsl:text> — </xsl:text>
        <xsl:call-template name="text"><xsl:with-param name="nodes" select="r:directive/r:title"/></xsl:call-template>
      </h1>
      <dl class="meta">
        <dt><xsl:call-template name="t"><xsl:with-param name="k" select="'issuer'"/></xsl:call-template></dt>
        <dd><xsl:call-template name="text"><xsl:with-param name="nodes" select="r:directive/r:issuer"/></xsl:call-template></dd>
        <dt><xsl:call-template name="t"><xsl:with-param name="k" select="'dated'"/></xsl:call-template></dt>
        <dd><xsl:value-of select="concat(substring(r:directive/@date, 9, 2), '/', substring(r:directive/@date, 6, 2), '/', substring(r:directive/@date, 1, 4))"/></dd>
        <dt><xsl:call-template name="t"><xsl:with-param name="k" select="'window'"/></xsl:call-template></dt>
        <dd>
          <xsl:call-template name="time"><xsl:with-param name="t" select="r:window/@from"/></xsl:call-template>
          <xsl:text> → </xsl:text>
          <xsl:call-template name="time"><xsl:with-param name="t" select="r:window/@to"/></xsl:call-template>
        </dd>
        <dt><xsl:call-template name="t"><xsl:with-param name="k" select="'generated'"/></xsl:call-template></dt>
        <dd>
          <xsl:call-template name="time"><xsl:with-param name="t" select="@generated"/></xsl:call-template>
          <xsl:value-of select="concat(' — ', @generator)"/>
        </dd>
        <dt><xsl:call-template name="t"><xsl:with-param name="k" select="'digests'"/></xsl:call-template></dt>
        <dd class="small"><code><xsl:value-of select="r:sources/@catalogue-sha256"/></code><br/><code><xsl:value-of select="r:sources/@inventory-sha256"/></code></dd>
        <dt><xsl:call-template name="t"><xsl:with-param name="k" select="'signature'"/></xsl:call-template></dt>
        <xsl:choose>
          <xsl:when test="@signed-by">
            <dd id="signature">
              <xsl:value-of select="@signed-by"/>
              <xsl:text> — </xsl:text>
              <xsl:call-template name="time"><xsl:with-param name="t" select="@signed-at"/></xsl:call-template>
              <br/><span class="small"><xsl:call-template name="t"><xsl:with-param name="k" select="'fingerprint'"/></xsl:call-template><code><xsl:value-of select="@signer-sha256"/></code></span>
            </dd>
          </xsl:when>
          <xsl:otherwise>
            <dd id="signature" class="unsigned"><strong><xsl:call-template name="t"><xsl:with-param name="k" select="'unsigned'"/></xsl:call-template></strong></dd>
          </xsl:otherwise>
        </xsl:choose>
      </dl>
    </header>
  </xsl:template>

  <xsl:template match="r:summary">
    <xsl:variable name="failing" select="sum(r:item/@fail) + sum(r:item/@manual-fail)"/>
    <xsl:variable name="unknown" select="sum(r:item/@nodata) + sum(r:item/@error)"/>
    <section id="summary">
      <h2><xsl:call-template name="t"><xsl:with-param name="k" select="'summary'"/></xsl:call-template></h2>
      <!-- what a duty officer acts on first: agencies gone quiet, then
           checks whose budget is running out -->
      <xsl:if test="r:silent">
        <p class="banner fail" id="silent"><strong><xsl:value-of select="count(r:silent)"/></strong><xsl:text> </xsl:text>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'silent-banner'"/></xsl:call-template></p>
        <ul>
          <xsl:for-each select="r:silent">
            <li><a><xsl:attribute name="href"><xsl:call-template name="href"><xsl:with-param name="id" select="@agency"/></xsl:call-template></xsl:attribute><strong><xsl:call-template name="text"><xsl:with-param name="nodes" select="r:name"/></xsl:call-template><xsl:if test="not(r:name)"><xsl:value-of select="@agency"/></xsl:if></strong></a>
              <xsl:text>: </xsl:text>
              <xsl:call-template name="t"><xsl:with-param name="k" select="'silent-since'"/></xsl:call-template>
              <xsl:text> </xsl:text>
              <xsl:call-template name="time"><xsl:with-param name="t" select="@since"/></xsl:call-template>
              <xsl:text> (</xsl:text>
              <xsl:call-template name="dur"><xsl:with-param name="s" select="@age-seconds"/></xsl:call-template>
              <xsl:text>)</xsl:text></li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <xsl:if test="r:at-risk">
        <p class="banner at-risk" id="at-risk"><strong><xsl:value-of select="count(r:at-risk)"/></strong><xsl:text> </xsl:text>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'at-risk-banner'"/></xsl:call-template></p>
        <ul>
          <xsl:for-each select="r:at-risk">
            <li><a><xsl:attribute name="href"><xsl:call-template name="href"><xsl:with-param name="id" select="@agency"/><xsl:with-param name="item" select="@item"/></xsl:call-template></xsl:attribute><strong><xsl:call-template name="text"><xsl:with-param name="nodes" select="r:name"/></xsl:call-template><xsl:if test="not(r:name)"><xsl:value-of select="@agency"/></xsl:if></strong></a>
              <xsl:value-of select="concat(' — ', @check, ': ')"/>
              <xsl:call-template name="t"><xsl:with-param name="k" select="'budget-runs-out'"/></xsl:call-template>
              <xsl:text> </xsl:text>
              <xsl:call-template name="time"><xsl:with-param name="t" select="@exhausted"/></xsl:call-template>
              <xsl:text> (</xsl:text>
              <xsl:call-template name="t"><xsl:with-param name="k" select="'budget-left'"/></xsl:call-template>
              <xsl:text> </xsl:text>
              <xsl:call-template name="dur"><xsl:with-param name="s" select="@left-seconds"/></xsl:call-template>
              <xsl:text>)</xsl:text></li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <xsl:if test="$failing &gt; 0">
        <p class="banner fail"><strong><xsl:value-of select="$failing"/></strong><xsl:text> </xsl:text>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'some-fail'"/></xsl:call-template></p>
      </xsl:if>
      <xsl:if test="$unknown &gt; 0">
        <p class="banner nodata"><strong><xsl:value-of select="$unknown"/></strong><xsl:text> </xsl:text>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'some-nodata'"/></xsl:call-template></p>
      </xsl:if>
      <xsl:if test="r:changes">
        <p>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'since'"/></xsl:call-template>
          <xsl:text> </xsl:text>
          <xsl:call-template name="time"><xsl:with-param name="t" select="r:changes/@since"/></xsl:call-template>
          <xsl:text>: </xsl:text>
          <span class="badge st-fail"><xsl:value-of select="r:changes/@newly-failing"/><xsl:text> </xsl:text>
            <xsl:call-template name="t"><xsl:with-param name="k" select="'newly-failing'"/></xsl:call-template></span>
          <xsl:text> </xsl:text>
          <span class="badge st-pass"><xsl:value-of select="r:changes/@fixed"/><xsl:text> </xsl:text>
            <xsl:call-template name="t"><xsl:with-param name="k" select="'fixed'"/></xsl:call-template></span>
          <xsl:text> </xsl:text>
          <span class="badge st-manual-fail"><xsl:value-of select="r:changes/@still-failing"/><xsl:text> </xsl:text>
            <xsl:call-template name="t"><xsl:with-param name="k" select="'still-failing'"/></xsl:call-template></span>
        </p>
      </xsl:if>
      <xsl:if test="$failing = 0 and $unknown = 0 and sum(r:item/@pass) + sum(r:item/@manual-pass) + sum(r:item/@waived) &gt; 0">
        <p class="banner ok"><xsl:call-template name="t"><xsl:with-param name="k" select="'all-pass'"/></xsl:call-template></p>
      </xsl:if>
      <p>
        <xsl:call-template name="t"><xsl:with-param name="k" select="'score'"/></xsl:call-template>
        <xsl:text>: </xsl:text>
        <xsl:choose>
          <xsl:when test="@score">
            <span class="score" id="score"><xsl:call-template name="num"><xsl:with-param name="v" select="format-number(@score, '0.0')"/></xsl:call-template> %</span>
            <xsl:if test="@score-after-waivers">
              <xsl:text> (</xsl:text>
              <xsl:call-template name="t"><xsl:with-param name="k" select="'score-after'"/></xsl:call-template>
              <xsl:text>: </xsl:text>
              <xsl:call-template name="num"><xsl:with-param name="v" select="format-number(@score-after-waivers, '0.0')"/></xsl:call-template>
              <xsl:text> %)</xsl:text>
            </xsl:if>
          </xsl:when>
          <xsl:otherwise>
            <strong><xsl:call-template name="t"><xsl:with-param name="k" select="'no-score'"/></xsl:call-template></strong>
          </xsl:otherwise>
        </xsl:choose>
      </p>
      <p class="small">
        <xsl:call-template name="t"><xsl:with-param name="k" select="'formula'"/></xsl:call-template>
        <xsl:text> </xsl:text>
        <xsl:call-template name="weights"><xsl:with-param name="rest" select="@weights"/></xsl:call-template>
        <xsl:text>.</xsl:text>
      </p>
      <table>
        <!-- an open window's report has a column more: at risk -->
        <xsl:if test="r:item[1]/@at-risk"><xsl:attribute name="class">open-window</xsl:attribute></xsl:if>
        <thead>
          <tr>
            <th><xsl:call-template name="t"><xsl:with-param name="k" select="'item'"/></xsl:call-template></th>
            <xsl:for-each select="r:item[1]/@*[name() != 'id']">
              <th><xsl:call-template name="status"><xsl:with-param name="s" select="name()"/></xsl:call-template></th>
            </xsl:for-each>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="r:item">
            <xsl:variable name="id" select="@id"/>
            <tr>
              <td>
                <strong><xsl:value-of select="@id"/></strong><xsl:text> </xsl:text>
                <xsl:call-template name="text"><xsl:with-param name="nodes" select="/r:report/r:catalogue/r:section/r:item[@id = $id]/r:title"/></xsl:call-template>
              </td>
              <xsl:for-each select="@*[name() != 'id']">
                <td class="num"><xsl:value-of select="."/></td>
              </xsl:for-each>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <xsl:call-template name="by-category"/>
      <xsl:if test="r:stray-host">
        <p class="banner nodata" id="stray-hosts"><xsl:call-template name="t"><xsl:with-param name="k" select="'stray-hosts'"/></xsl:call-template></p>
        <ul>
          <xsl:for-each select="r:stray-host">
            <li><code><xsl:value-of select="@host"/></code>
              <xsl:value-of select="concat(' (', @files, ' ')"/>
              <xsl:call-template name="t"><xsl:with-param name="k" select="'files'"/></xsl:call-template>
              <xsl:if test="@last-update">
                <xsl:text>, </xsl:text>
                <xsl:call-template name="t"><xsl:with-param name="k" select="'last-update'"/></xsl:call-template>
                <xsl:text> </xsl:text>
                <xsl:call-template name="time"><xsl:with-param name="t" select="@last-update"/></xsl:call-template>
              </xsl:if>
              <xsl:text>)</xsl:text></li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <xsl:if test="r:missing-host">
        <p class="banner nodata" id="missing-hosts"><xsl:call-template name="t"><xsl:with-param name="k" select="'missing-hosts'"/></xsl:call-template></p>
        <ul>
          <xsl:for-each select="r:missing-host">
            <li><code><xsl:value-of select="@host"/></code><xsl:value-of select="concat(' (', @agency, ')')"/></li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <xsl:if test="r:late-evidence">
        <p class="banner fail" id="late-evidence"><xsl:call-template name="t"><xsl:with-param name="k" select="'late-evidence'"/></xsl:call-template></p>
        <ul>
          <xsl:for-each select="r:late-evidence">
            <li><a><xsl:attribute name="href"><xsl:call-template name="href"><xsl:with-param name="id" select="@agency"/></xsl:call-template></xsl:attribute><strong><xsl:call-template name="text"><xsl:with-param name="nodes" select="r:name"/></xsl:call-template><xsl:if test="not(r:name)"><xsl:value-of select="@agency"/></xsl:if></strong></a>
              <xsl:text>: </xsl:text>
              <xsl:call-template name="dur"><xsl:with-param name="s" select="@seconds"/></xsl:call-template>
              <xsl:text> </xsl:text>
              <xsl:call-template name="t"><xsl:with-param name="k" select="'late-last'"/></xsl:call-template>
              <xsl:text> </xsl:text>
              <xsl:call-template name="time"><xsl:with-param name="t" select="@measured-from"/></xsl:call-template>
              <xsl:text>, </xsl:text>
              <xsl:call-template name="t"><xsl:with-param name="k" select="'late-arrived'"/></xsl:call-template>
              <xsl:text> </xsl:text>
              <xsl:call-template name="time"><xsl:with-param name="t" select="@arrived-until"/></xsl:call-template></li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <xsl:if test="r:clock-ahead">
        <p class="banner fail" id="clock-ahead"><xsl:call-template name="t"><xsl:with-param name="k" select="'clock-ahead'"/></xsl:call-template></p>
        <ul>
          <xsl:for-each select="r:clock-ahead">
            <li><a><xsl:attribute name="href"><xsl:call-template name="href"><xsl:with-param name="id" select="@agency"/></xsl:call-template></xsl:attribute><strong><xsl:call-template name="text"><xsl:with-param name="nodes" select="r:name"/></xsl:call-template><xsl:if test="not(r:name)"><xsl:value-of select="@agency"/></xsl:if></strong></a>
              <xsl:text> </xsl:text><code><xsl:value-of select="@host"/></code>
              <xsl:value-of select="concat(': ', @dropped, ' ')"/>
              <xsl:call-template name="t"><xsl:with-param name="k" select="'values-dropped'"/></xsl:call-template></li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <xsl:if test="r:unmatched-check">
        <p class="banner nodata" id="unmatched-checks"><xsl:call-template name="t"><xsl:with-param name="k" select="'unmatched-checks'"/></xsl:call-template></p>
        <ul>
          <xsl:for-each select="r:unmatched-check">
            <li><strong><xsl:value-of select="@check"/></strong><xsl:text> </xsl:text><code><xsl:value-of select="@metric"/></code>
              <xsl:value-of select="concat(' (', @agencies)"/>
              <xsl:call-template name="t"><xsl:with-param name="k" select="'agencies-n'"/></xsl:call-template>
              <xsl:text>)</xsl:text></li>
          </xsl:for-each>
        </ul>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- items x categories: how many agencies of each category passed of
       those an item applies to, and how many failed, lack data or are waived -->
  <xsl:template name="by-category">
    <xsl:variable name="cats" select="/r:report/r:catalogue/r:category[@members &gt; 0]"/>
    <xsl:if test="$cats and r:item/r:category">
      <table class="by-category">
        <caption><xsl:call-template name="t"><xsl:with-param name="k" select="'by-category'"/></xsl:call-template></caption>
        <thead>
          <tr>
            <th><xsl:call-template name="t"><xsl:with-param name="k" select="'item'"/></xsl:call-template></th>
            <xsl:for-each select="$cats"><th><xsl:call-template name="text"><xsl:with-param name="nodes" select="r:label"/></xsl:call-template></th></xsl:for-each>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="r:item">
            <xsl:variable name="it" select="."/>
            <tr>
              <td><strong><xsl:value-of select="@id"/></strong></td>
              <xsl:for-each select="$cats">
                <xsl:variable name="c" select="$it/r:category[@id = current()/@id]"/>
                <xsl:variable name="applies" select="sum($c/@*[name() != 'id' and name() != 'not-applicable'])"/>
                <xsl:variable name="failing" select="$c/@fail + $c/@manual-fail"/>
                <xsl:variable name="unknown" select="$c/@nodata + $c/@error"/>
                <xsl:choose>
                  <xsl:when test="not($c) or $applies = 0"><td class="num st-not-applicable">–</td></xsl:when>
                  <xsl:otherwise>
                    <td>
                      <xsl:attribute name="class">
                        <xsl:choose>
                          <xsl:when test="$failing &gt; 0">num st-fail</xsl:when>
                          <xsl:when test="$unknown &gt; 0">num st-nodata</xsl:when>
                          <xsl:otherwise>num st-pass</xsl:otherwise>
                        </xsl:choose>
                      </xsl:attribute>
                      <xsl:value-of select="concat($c/@pass + $c/@manual-pass, ' / ', $applies)"/>
                      <xsl:if test="$failing &gt; 0"><xsl:value-of select="concat(' ✗', $failing)"/></xsl:if>
                      <xsl:if test="$unknown &gt; 0"><xsl:value-of select="concat(' ?', $unknown)"/></xsl:if>
                      <xsl:if test="$c/@waived &gt; 0"><xsl:value-of select="concat(' W', $c/@waived)"/></xsl:if>
                    </td>
                  </xsl:otherwise>
                </xsl:choose>
              </xsl:for-each>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </xsl:if>
  </xsl:template>

  <!-- the statuses of an agency's items, for the filters -->
  <xsl:template name="agency-statuses">
    <xsl:param name="a"/>
    <xsl:for-each select="$a/r:item">
      <xsl:value-of select="concat(@status, ' ')"/>
    </xsl:for-each>
  </xsl:template>

  <!-- what the search box looks in: the agency's id and names, and the ids
       of the items and checks that apply to it -->
  <xsl:template name="search-text">
    <xsl:param name="a"/>
    <xsl:value-of select="$a/@id"/>
    <xsl:for-each select="$a/r:name"><xsl:value-of select="concat(' ', .)"/></xsl:for-each>
    <xsl:for-each select="$a/r:item[@status != 'not-applicable']">
      <xsl:value-of select="concat(' ', @id)"/>
      <xsl:for-each select="r:check[@status != 'not-applicable']"><xsl:value-of select="concat(' ', @id)"/></xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="r:report" mode="matrix">
    <xsl:variable name="items" select="r:catalogue/r:section/r:item"/>
    <section id="matrix">
      <h2><xsl:call-template name="t"><xsl:with-param name="k" select="'matrix'"/></xsl:call-template></h2>
      <div class="controls">
        <span><xsl:call-template name="t"><xsl:with-param name="k" select="'filter'"/></xsl:call-template>: </span>
        <xsl:call-template name="filter-boxes"><xsl:with-param name="rest" select="concat($statuses, ' ')"/></xsl:call-template>
        <input type="search" aria-label="search">
          <xsl:attribute name="placeholder"><xsl:call-template name="t"><xsl:with-param name="k" select="'search'"/></xsl:call-template></xsl:attribute>
        </input>
      </div>
      <table class="matrix">
        <thead>
          <tr>
            <th class="name"><xsl:call-template name="t"><xsl:with-param name="k" select="'agency'"/></xsl:call-template></th>
            <xsl:for-each select="$items">
              <th>
                <xsl:attribute name="title"><xsl:call-template name="text"><xsl:with-param name="nodes" select="r:title"/></xsl:call-template></xsl:attribute>
                <xsl:value-of select="@id"/>
              </th>
            </xsl:for-each>
          </tr>
        </thead>
        <tbody>
          <!-- the writer counts each category's agencies (by their first
               category) into @members and puts their rows after the mark -->
          <xsl:for-each select="r:catalogue/r:category">
            <xsl:if test="@members &gt; 0">
              <tr class="group">
                <th colspan="{count($items) + 1}"><xsl:call-template name="text"><xsl:with-param name="nodes" select="r:label"/></xsl:call-template></th>
              </tr>
              <xsl:comment><xsl:value-of select="concat('vigil:rows:', position())"/></xsl:comment>
            </xsl:if>
          </xsl:for-each>
          <xsl:comment>vigil:rows:0</xsl:comment>
        </tbody>
      </table>
    </section>
  </xsl:template>

  <xsl:template name="filter-boxes">
    <xsl:param name="rest"/>
    <xsl:if test="string-length($rest) &gt; 0">
      <xsl:variable name="s" select="substring-before($rest, ' ')"/>
      <label>
        <input type="checkbox" value="{$s}" checked="checked"/>
        <xsl:call-template name="status"><xsl:with-param name="s" select="$s"/></xsl:call-template>
      </label>
      <xsl:call-template name="filter-boxes"><xsl:with-param name="rest" select="substring-after($rest, ' ')"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template match="r:agency" mode="row">
    <xsl:variable name="a" select="."/>
    <tr>
      <xsl:attribute name="data-statuses"><xsl:call-template name="agency-statuses"><xsl:with-param name="a" select="."/></xsl:call-template></xsl:attribute>
      <xsl:attribute name="data-search"><xsl:call-template name="search-text"><xsl:with-param name="a" select="."/></xsl:call-template></xsl:attribute>
      <td class="name"><a><xsl:attribute name="href"><xsl:call-template name="href"><xsl:with-param name="id" select="@id"/></xsl:call-template></xsl:attribute><xsl:call-template name="text"><xsl:with-param name="nodes" select="r:name"/></xsl:call-template></a></td>
      <xsl:variable name="base"><xsl:call-template name="href"><xsl:with-param name="id" select="@id"/></xsl:call-template></xsl:variable>
      <xsl:for-each select="/r:report/r:catalogue/r:section/r:item">
        <xsl:variable name="id" select="@id"/>
        <xsl:variable name="it" select="$a/r:item[@id = $id]"/>
        <xsl:variable name="st" select="$it/@status"/>
        <td class="st-{$st}" data-item="{$id}" data-status="{$st}" data-change="{$it/@change}">
          <a href="{$base}-{$id}">
            <xsl:attribute name="title"><xsl:value-of select="$SL[@k = $st]/@*[name() = $lang]"/></xsl:attribute>
            <xsl:choose>
              <xsl:when test="$st = 'pass'">✓</xsl:when>
              <xsl:when test="$st = 'manual-pass'">✓*</xsl:when>
              <xsl:when test="$st = 'fail'">✗</xsl:when>
              <xsl:when test="$st = 'manual-fail'">✗*</xsl:when>
              <xsl:when test="$st = 'nodata'">?</xsl:when>
              <xsl:when test="$st = 'error'">!</xsl:when>
              <xsl:when test="$st = 'waived'">W</xsl:when>
              <xsl:when test="$st = 'at-risk'">⚠</xsl:when>
              <xsl:otherwise>–</xsl:otherwise>
            </xsl:choose>
            <xsl:if test="$it/@change = 'newly-failing'"><sup><xsl:call-template name="t"><xsl:with-param name="k" select="'new-badge'"/></xsl:call-template></sup></xsl:if>
            <xsl:if test="$it/@change = 'fixed'"><sup><xsl:call-template name="t"><xsl:with-param name="k" select="'fixed-badge'"/></xsl:call-template></sup></xsl:if>
          </a>
        </td>
      </xsl:for-each>
    </tr>
  </xsl:template>

  <!-- where an agency (and one of its items) is shown: in this page, or on
       the agency's own page of a site -->
  <xsl:template name="href">
    <xsl:param name="id"/>
    <xsl:param name="item" select="''"/>
    <xsl:if test="$pages = '1'"><xsl:value-of select="concat('agencies/', $id, '.html')"/></xsl:if>
    <xsl:value-of select="concat('#ag-', $id)"/>
    <xsl:if test="$item != ''"><xsl:value-of select="concat('-', $item)"/></xsl:if>
  </xsl:template>

  <xsl:template match="r:agency">
    <xsl:variable name="problems" select="r:item[@status != 'pass' and @status != 'manual-pass' and @status != 'not-applicable']"/>
    <section id="ag-{@id}">
      <xsl:attribute name="class">
        <xsl:choose>
          <xsl:when test="$detail = 'all' or $problems or r:error">agency full</xsl:when>
          <xsl:otherwise>agency compact</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <h2>
        <xsl:call-template name="text"><xsl:with-param name="nodes" select="r:name"/></xsl:call-template>
        <span class="small"><xsl:value-of select="concat(' (', @id, ')')"/></span>
        <xsl:variable name="aid" select="@id"/>
        <xsl:if test="/r:report/r:summary/r:late-evidence[@agency = $aid]">
          <xsl:text> </xsl:text>
          <a class="badge late" href="{substring('../index.html', 1, 13 * number($pages = '1'))}#late-evidence"><xsl:call-template name="t"><xsl:with-param name="k" select="'late-badge'"/></xsl:call-template></a>
        </xsl:if>
        <xsl:if test="r:freshness/@silent = 'true'">
          <xsl:text> </xsl:text>
          <span class="badge st-fail"><xsl:call-template name="t"><xsl:with-param name="k" select="'silent-badge'"/></xsl:call-template></span>
        </xsl:if>
      </h2>
      <p class="small">
        <xsl:call-template name="t"><xsl:with-param name="k" select="'hosts'"/></xsl:call-template>
        <xsl:text>: </xsl:text>
        <xsl:for-each select="r:host"><xsl:if test="position() &gt; 1">, </xsl:if><code><xsl:value-of select="."/></code></xsl:for-each>
        <xsl:for-each select="r:freshness">
          <xsl:text>. </xsl:text>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'newest-data'"/></xsl:call-template>
          <xsl:text>: </xsl:text>
          <xsl:call-template name="time"><xsl:with-param name="t" select="@newest"/></xsl:call-template>
          <xsl:text> (</xsl:text>
          <xsl:call-template name="dur"><xsl:with-param name="s" select="@age-seconds"/></xsl:call-template>
          <xsl:text> </xsl:text>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'ago'"/></xsl:call-template>
          <xsl:text>)</xsl:text>
        </xsl:for-each>
      </p>
      <xsl:if test=".//r:graph">
        <p class="legend small">
          <xsl:call-template name="t"><xsl:with-param name="k" select="'legend'"/></xsl:call-template>
          <xsl:text>: </xsl:text>
          <span class="sw sw-value">&#160;</span><xsl:call-template name="t"><xsl:with-param name="k" select="'lg-value'"/></xsl:call-template>
          <span class="sw sw-nodata">&#160;</span><xsl:call-template name="t"><xsl:with-param name="k" select="'lg-nodata'"/></xsl:call-template>
          <span class="sw sw-maintenance">&#160;</span><xsl:call-template name="t"><xsl:with-param name="k" select="'lg-maintenance'"/></xsl:call-template>
          <span class="sw sw-rule">&#160;</span><xsl:call-template name="t"><xsl:with-param name="k" select="'lg-rule'"/></xsl:call-template>
        </p>
      </xsl:if>
      <xsl:if test="r:error">
        <p class="banner nodata"><strong><xsl:call-template name="t"><xsl:with-param name="k" select="'not-evaluated'"/></xsl:call-template>: </strong><xsl:value-of select="r:error"/></p>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="$detail = 'all'"><xsl:apply-templates select="r:item[@status != 'not-applicable']"/></xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="$problems"/>
          <xsl:variable name="passing" select="r:item[@status = 'pass' or @status = 'manual-pass']"/>
          <xsl:if test="$passing">
            <div class="passing"><strong><xsl:call-template name="t"><xsl:with-param name="k" select="'passing-items'"/></xsl:call-template>: </strong>
              <xsl:for-each select="$passing">
                <xsl:variable name="id" select="@id"/>
                <xsl:if test="position() &gt; 1"> · </xsl:if>
                <span id="ag-{../@id}-{@id}"><xsl:value-of select="concat(@id, ' ')"/><xsl:call-template name="text"><xsl:with-param name="nodes" select="/r:report/r:catalogue/r:section/r:item[@id = $id]/r:title"/></xsl:call-template><xsl:if test="@status = 'manual-pass'"><xsl:text> </xsl:text><xsl:call-template name="status"><xsl:with-param name="s" select="@status"/></xsl:call-template></xsl:if></span>
              </xsl:for-each>
              <!-- what an officer attested is the evidence of a manual pass: shown -->
              <xsl:apply-templates select="$passing[@status = 'manual-pass']/r:check/r:attestation"/>
            </div>
          </xsl:if>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template match="r:agency/r:item">
    <xsl:variable name="id" select="@id"/>
    <div class="item" id="ag-{../@id}-{@id}">
      <h3>
        <xsl:value-of select="concat(@id, ' ')"/>
        <xsl:call-template name="text"><xsl:with-param name="nodes" select="/r:report/r:catalogue/r:section/r:item[@id = $id]/r:title"/></xsl:call-template>
        <xsl:text> </xsl:text>
        <xsl:call-template name="status"><xsl:with-param name="s" select="@status"/></xsl:call-template>
        <xsl:if test="@change">
          <xsl:text> </xsl:text>
          <span class="change"><xsl:call-template name="t"><xsl:with-param name="k" select="@change"/></xsl:call-template></span>
        </xsl:if>
      </h3>
      <table>
        <thead>
          <tr>
            <th><xsl:call-template name="t"><xsl:with-param name="k" select="'check'"/></xsl:call-template></th>
            <th><xsl:call-template name="t"><xsl:with-param name="k" select="'status'"/></xsl:call-template></th>
            <th><xsl:call-template name="t"><xsl:with-param name="k" select="'figure'"/></xsl:call-template></th>
            <th><xsl:call-template name="t"><xsl:with-param name="k" select="'threshold'"/></xsl:call-template></th>
            <th><xsl:call-template name="t"><xsl:with-param name="k" select="'coverage'"/></xsl:call-template></th>
          </tr>
        </thead>
        <tbody>
          <xsl:apply-templates select="r:check[@status != 'not-applicable']"/>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <xsl:template match="r:check">
    <tr>
      <td>
        <xsl:call-template name="text"><xsl:with-param name="nodes" select="r:title"/></xsl:call-template>
        <div class="small"><code><xsl:value-of select="@id"/></code>
          <xsl:if test="r:period">
            <xsl:text> · </xsl:text>
            <xsl:call-template name="t"><xsl:with-param name="k" select="'period'"/></xsl:call-template>
            <xsl:text>: </xsl:text>
            <xsl:call-template name="time"><xsl:with-param name="t" select="r:period/@from"/></xsl:call-template>
            <xsl:text> → </xsl:text>
            <xsl:call-template name="time"><xsl:with-param name="t" select="r:period/@to"/></xsl:call-template>
          </xsl:if>
        </div>
        <xsl:apply-templates select="r:reason"/>
        <xsl:apply-templates select="r:attestation | r:waiver"/>
        <xsl:if test="r:remediation">
          <div class="remediation"><strong><xsl:call-template name="t"><xsl:with-param name="k" select="'remediation'"/></xsl:call-template>: </strong>
            <xsl:call-template name="text"><xsl:with-param name="nodes" select="r:remediation"/></xsl:call-template></div>
        </xsl:if>
      </td>
      <td><xsl:call-template name="status"><xsl:with-param name="s" select="@status"/></xsl:call-template></td>
      <td colspan="3">
        <xsl:if test="not(r:evidence)">–</xsl:if>
      </td>
    </tr>
    <xsl:apply-templates select="r:evidence"/>
  </xsl:template>

  <xsl:template match="r:attestation">
    <div class="note">
      <strong><xsl:call-template name="t"><xsl:with-param name="k" select="'attested'"/></xsl:call-template></strong>
      <xsl:value-of select="concat(' ', @officer, ', ')"/>
      <xsl:value-of select="concat(substring(@date, 9, 2), '/', substring(@date, 6, 2), '/', substring(@date, 1, 4))"/>
      <xsl:if test="@dated">
        <xsl:text> </xsl:text>
        <span class="badge st-nodata"><xsl:call-template name="t"><xsl:with-param name="k" select="concat('dated-', @dated)"/></xsl:call-template></span>
      </xsl:if>
      <xsl:text>: </xsl:text>
      <xsl:value-of select="."/>
    </div>
  </xsl:template>

  <xsl:template match="r:waiver">
    <div class="note">
      <strong>
        <xsl:call-template name="t">
          <xsl:with-param name="k" select="substring('waiver-applied waiver-expired', 1 + 15 * number(@applied = 'false'), 14)"/>
        </xsl:call-template>
      </strong>
      <xsl:text> </xsl:text>
      <xsl:call-template name="time"><xsl:with-param name="t" select="@expires"/></xsl:call-template>
      <xsl:value-of select="concat(' — ', @approver, ': ', .)"/>
      <xsl:if test="../@measured-status">
        <xsl:text> · </xsl:text>
        <xsl:call-template name="t"><xsl:with-param name="k" select="'measured'"/></xsl:call-template>
        <xsl:text> </xsl:text>
        <xsl:call-template name="status"><xsl:with-param name="s" select="../@measured-status"/></xsl:call-template>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- host / plugin-instance / type-instance, as collectd names its files:
       no dash when an instance is empty (uptime / uptime) -->
  <xsl:template name="metric">
    <xsl:value-of select="concat(@host, ' / ', @plugin)"/>
    <xsl:if test="string(@plugin-instance)"><xsl:value-of select="concat('-', @plugin-instance)"/></xsl:if>
    <xsl:value-of select="concat(' / ', @type)"/>
    <xsl:if test="string(@type-instance)"><xsl:value-of select="concat('-', @type-instance)"/></xsl:if>
  </xsl:template>

  <!-- a figure as the report shows it, yes and no in the reader's language -->
  <xsl:template name="shown">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="$v = 'no data'"><xsl:call-template name="t"><xsl:with-param name="k" select="'nodata'"/></xsl:call-template></xsl:when>
      <!-- numbers, signs and per cent only: the decimal point alone to change -->
      <xsl:when test="translate($v, '0123456789.%-+&lt;&gt;= ', '') = ''"><xsl:value-of select="translate($v, '.', $dec)"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="words"><xsl:with-param name="rest" select="$v"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a figure's words: yes, no and units in the reader's language, numbers
       with its decimal separator -->
  <xsl:template name="words">
    <xsl:param name="rest"/>
    <xsl:variable name="w" select="substring-before(concat($rest, ' '), ' ')"/>
    <xsl:choose>
      <xsl:when test="translate(substring($w, 1, 1), '-0123456789', '') = ''"><xsl:value-of select="translate($w, '.', $dec)"/></xsl:when>
      <xsl:when test="$w = 'yes' or $w = 'no'"><xsl:call-template name="t"><xsl:with-param name="k" select="$w"/></xsl:call-template></xsl:when>
      <xsl:when test="$w = 's'"><xsl:value-of select="$U-s"/></xsl:when>
      <xsl:when test="$w = 'min'"><xsl:value-of select="$U-min"/></xsl:when>
      <xsl:when test="$w = 'h'"><xsl:value-of select="$U-h"/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="unit"><xsl:call-template name="t"><xsl:with-param name="k" select="concat('u-', $w)"/></xsl:call-template></xsl:variable>
        <xsl:value-of select="$unit"/>
        <xsl:if test="$unit = ''"><xsl:value-of select="$w"/></xsl:if>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="contains($rest, ' ')">
      <xsl:text> </xsl:text>
      <xsl:call-template name="words"><xsl:with-param name="rest" select="substring-after($rest, ' ')"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- a number with the reader's decimal separator (a comma in Vietnamese) -->
  <xsl:template name="num">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="translate(substring($v, 1, 1), '-0123456789', '') = ''"><xsl:value-of select="translate($v, '.', $dec)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$v"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- why a status is not pass or fail, from its code -->
  <xsl:template match="r:reason">
    <div class="reason">
      <xsl:choose>
        <xsl:when test="@code = 'low-coverage'">
          <xsl:call-template name="t"><xsl:with-param name="k" select="'rs-low-coverage-1'"/></xsl:call-template>
          <xsl:call-template name="num"><xsl:with-param name="v" select="format-number(@coverage * 100, '0.0')"/></xsl:call-template>
          <xsl:text> %</xsl:text>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'rs-low-coverage-2'"/></xsl:call-template>
          <xsl:call-template name="num"><xsl:with-param name="v" select="format-number(@needed * 100, '0.0')"/></xsl:call-template>
          <xsl:text> %</xsl:text>
        </xsl:when>
        <xsl:when test="@code = 'inconclusive'">
          <xsl:call-template name="t"><xsl:with-param name="k" select="'rs-inconclusive-1'"/></xsl:call-template>
          <xsl:value-of select="concat(@step, ' ', $U-s)"/>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'rs-inconclusive-2'"/></xsl:call-template>
          <xsl:call-template name="shown"><xsl:with-param name="v" select="@lower-shown"/></xsl:call-template>
          <xsl:text> … </xsl:text>
          <xsl:call-template name="shown"><xsl:with-param name="v" select="@upper-shown"/></xsl:call-template>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'rs-inconclusive-3'"/></xsl:call-template>
        </xsl:when>
        <xsl:when test="@code = 'at-risk'">
          <xsl:call-template name="t"><xsl:with-param name="k" select="'rs-at-risk-1'"/></xsl:call-template>
          <xsl:call-template name="dur"><xsl:with-param name="s" select="@left"/></xsl:call-template>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'rs-at-risk-2'"/></xsl:call-template>
          <xsl:call-template name="time"><xsl:with-param name="t" select="@exhausted"/></xsl:call-template>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'rs-at-risk-3'"/></xsl:call-template>
        </xsl:when>
        <xsl:when test="@code = 'no-file'">
          <xsl:call-template name="t"><xsl:with-param name="k" select="'rs-no-file'"/></xsl:call-template>
          <code><xsl:value-of select="@metric"/></code>
        </xsl:when>
        <xsl:when test="@code = 'read-error' or @code = 'agency-error'">
          <xsl:call-template name="t"><xsl:with-param name="k" select="concat('rs-', @code)"/></xsl:call-template>
          <xsl:text>: </xsl:text>
          <code><xsl:value-of select="."/></code>
        </xsl:when>
        <xsl:when test="@code"><xsl:call-template name="t"><xsl:with-param name="k" select="concat('rs-', @code)"/></xsl:call-template></xsl:when>
        <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

  <!-- a rule's error budget: a bar of what is spent, the figures, and when
       it runs out -->
  <xsl:template match="r:budget">
    <xsl:variable name="used">
      <xsl:choose>
        <xsl:when test="@kind = 'run' and @open = 'true'"><xsl:value-of select="@current-seconds"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="@spent-seconds"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="pc">
      <xsl:choose>
        <xsl:when test="@allowed-seconds &gt; 0 and $used &lt; @allowed-seconds"><xsl:value-of select="round(100 * $used div @allowed-seconds)"/></xsl:when>
        <xsl:when test="$used &gt; 0 or @state = 'spent'">100</xsl:when>
        <xsl:otherwise>0</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <div class="budget b-{@state}">
      <span class="bar" title="{$pc} %"><span style="width: {$pc}%">&#160;</span></span>
      <xsl:call-template name="t"><xsl:with-param name="k" select="'budget'"/></xsl:call-template>
      <xsl:text>: </xsl:text>
      <xsl:choose>
        <xsl:when test="@kind = 'run'">
          <xsl:call-template name="t"><xsl:with-param name="k" select="'budget-longest'"/></xsl:call-template>
          <xsl:text> </xsl:text>
          <xsl:call-template name="dur"><xsl:with-param name="s" select="@spent-seconds"/></xsl:call-template>
          <xsl:if test="@current-seconds &gt; 0">
            <xsl:text>, </xsl:text>
            <xsl:call-template name="t"><xsl:with-param name="k" select="'budget-current'"/></xsl:call-template>
            <xsl:text> </xsl:text>
            <xsl:call-template name="dur"><xsl:with-param name="s" select="@current-seconds"/></xsl:call-template>
          </xsl:if>
          <xsl:text>; </xsl:text>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'budget-allowed'"/></xsl:call-template>
          <xsl:text> </xsl:text>
          <xsl:call-template name="dur"><xsl:with-param name="s" select="@allowed-seconds"/></xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'budget-spent'"/></xsl:call-template>
          <xsl:text> </xsl:text>
          <xsl:call-template name="dur"><xsl:with-param name="s" select="@spent-seconds"/></xsl:call-template>
          <xsl:text> </xsl:text>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'budget-of'"/></xsl:call-template>
          <xsl:text> </xsl:text>
          <xsl:call-template name="dur"><xsl:with-param name="s" select="@allowed-seconds"/></xsl:call-template>
          <xsl:if test="@state != 'spent'">
            <xsl:text>; </xsl:text>
            <xsl:call-template name="t"><xsl:with-param name="k" select="'budget-left'"/></xsl:call-template>
            <xsl:text> </xsl:text>
            <xsl:call-template name="dur"><xsl:with-param name="s" select="@left-seconds"/></xsl:call-template>
          </xsl:if>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="@state = 'spent'">
        <xsl:text> — </xsl:text>
        <strong><xsl:call-template name="t"><xsl:with-param name="k" select="'budget-gone'"/></xsl:call-template></strong>
      </xsl:if>
      <xsl:if test="@exhausted">
        <xsl:text>; </xsl:text>
        <strong>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'budget-runs-out'"/></xsl:call-template>
          <xsl:text> </xsl:text>
          <xsl:call-template name="time"><xsl:with-param name="t" select="@exhausted"/></xsl:call-template>
        </strong>
        <xsl:if test="@rate-from">
          <xsl:text> (</xsl:text>
          <xsl:call-template name="t"><xsl:with-param name="k" select="'budget-rate'"/></xsl:call-template>
          <xsl:text> </xsl:text>
          <xsl:call-template name="time"><xsl:with-param name="t" select="@rate-from"/></xsl:call-template>
          <xsl:text>)</xsl:text>
        </xsl:if>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- "AVERAGE MIN MAX" in the reader's language; the usual one once -->
  <xsl:variable name="CF-ALL"><xsl:call-template name="consolidation"><xsl:with-param name="rest" select="'AVERAGE MIN MAX'"/></xsl:call-template></xsl:variable>
  <xsl:template name="consolidation">
    <xsl:param name="rest"/>
    <xsl:variable name="w" select="substring-before(concat($rest, ' '), ' ')"/>
    <xsl:call-template name="t"><xsl:with-param name="k" select="concat('cf-', $w)"/></xsl:call-template>
    <xsl:if test="contains($rest, ' ')">
      <xsl:text>, </xsl:text>
      <xsl:call-template name="consolidation"><xsl:with-param name="rest" select="substring-after($rest, ' ')"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- "low=1 medium=2 ..." with the severities in the reader's language -->
  <xsl:template name="weights">
    <xsl:param name="rest"/>
    <xsl:if test="string-length($rest) &gt; 0">
      <xsl:variable name="w" select="substring-before(concat($rest, ' '), ' ')"/>
      <xsl:call-template name="t"><xsl:with-param name="k" select="substring-before($w, '=')"/></xsl:call-template>
      <xsl:value-of select="concat('=', substring-after($w, '='))"/>
      <xsl:if test="contains($rest, ' ')">
        <xsl:text> </xsl:text>
        <xsl:call-template name="weights"><xsl:with-param name="rest" select="substring-after($rest, ' ')"/></xsl:call-template>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template match="r:evidence">
    <tr class="evidence">
      <td class="small">
        <code><xsl:call-template name="metric"/></code>
        <xsl:if test="@step">
          <div>
            <xsl:call-template name="t"><xsl:with-param name="k" select="'resolution'"/></xsl:call-template>
            <xsl:value-of select="concat(': ', @step, ' ', $U-s, ' (')"/>
            <xsl:choose>
              <xsl:when test="@consolidation = 'AVERAGE MIN MAX'"><xsl:value-of select="$CF-ALL"/></xsl:when>
              <xsl:otherwise><xsl:call-template name="consolidation"><xsl:with-param name="rest" select="@consolidation"/></xsl:call-template></xsl:otherwise>
            </xsl:choose>
            <xsl:text>)</xsl:text>
          </div>
        </xsl:if>
        <xsl:apply-templates select="r:reason"/>
        <xsl:apply-templates select="r:budget"/>
        <xsl:if test="r:part">
          <div class="spans">
            <xsl:call-template name="t"><xsl:with-param name="k" select="'parts'"/></xsl:call-template>
            <xsl:text>: </xsl:text>
            <xsl:for-each select="r:part">
              <xsl:if test="position() &gt; 1">; </xsl:if>
              <xsl:value-of select="concat(@name, ' (')"/>
              <xsl:call-template name="shown"><xsl:with-param name="v" select="@shown"/></xsl:call-template>
              <xsl:text>)</xsl:text>
            </xsl:for-each>
          </div>
        </xsl:if>
        <xsl:call-template name="spans"><xsl:with-param name="nodes" select="r:outage"/><xsl:with-param name="k" select="'outages'"/><xsl:with-param name="all" select="@outages"/></xsl:call-template>
        <xsl:call-template name="spans"><xsl:with-param name="nodes" select="r:gap"/><xsl:with-param name="k" select="'gaps'"/><xsl:with-param name="all" select="@gaps"/></xsl:call-template>
        <xsl:if test="r:incident">
          <div class="spans incidents">
            <xsl:call-template name="t"><xsl:with-param name="k" select="'incidents'"/></xsl:call-template>
            <xsl:value-of select="concat(' (', @incidents, '): ')"/>
            <xsl:for-each select="r:incident">
              <xsl:if test="position() &gt; 1">; </xsl:if>
              <strong><xsl:value-of select="@id"/></strong>
              <xsl:value-of select="concat(' ', @subject, ', ')"/>
              <xsl:call-template name="t"><xsl:with-param name="k" select="'incident-opened'"/></xsl:call-template>
              <xsl:call-template name="time"><xsl:with-param name="t" select="@opened"/></xsl:call-template>
              <xsl:text>, </xsl:text>
              <xsl:call-template name="shown"><xsl:with-param name="v" select="@shown"/></xsl:call-template>
              <xsl:if test="not(@closed)">
                <xsl:call-template name="t"><xsl:with-param name="k" select="'incident-still-open'"/></xsl:call-template>
              </xsl:if>
              <xsl:if test="@over = 'true'"><xsl:text> </xsl:text><span class="badge st-fail">&gt;</span></xsl:if>
            </xsl:for-each>
            <xsl:if test="@incidents &gt; count(r:incident)"> …</xsl:if>
          </div>
        </xsl:if>
      </td>
      <td><xsl:call-template name="status"><xsl:with-param name="s" select="@status"/></xsl:call-template></td>
      <td class="num">
        <xsl:choose>
          <xsl:when test="@shown"><xsl:call-template name="shown"><xsl:with-param name="v" select="@shown"/></xsl:call-template></xsl:when>
          <xsl:otherwise>–</xsl:otherwise>
        </xsl:choose>
        <xsl:if test="@maintenance-seconds">
          <div class="small">
            <xsl:call-template name="t"><xsl:with-param name="k" select="'planned'"/></xsl:call-template>
            <xsl:call-template name="dur"><xsl:with-param name="s" select="@planned-outage-seconds"/></xsl:call-template>
            <xsl:text> / </xsl:text>
            <xsl:call-template name="t"><xsl:with-param name="k" select="'maintenance'"/></xsl:call-template>
            <xsl:call-template name="dur"><xsl:with-param name="s" select="@maintenance-seconds"/></xsl:call-template>
          </div>
        </xsl:if>
        <xsl:if test="@unplanned-outage-seconds &gt; 0">
          <div class="small">
            <xsl:call-template name="t"><xsl:with-param name="k" select="'unplanned'"/></xsl:call-template>
            <xsl:call-template name="dur"><xsl:with-param name="s" select="@unplanned-outage-seconds"/></xsl:call-template>
          </div>
        </xsl:if>
        <xsl:if test="@exact = 'false'">
          <div class="small">
            <xsl:call-template name="t"><xsl:with-param name="k" select="'between'"/></xsl:call-template>
            <xsl:text> </xsl:text>
            <xsl:call-template name="num"><xsl:with-param name="v" select="@lower"/></xsl:call-template>
            <xsl:text> … </xsl:text>
            <xsl:call-template name="num"><xsl:with-param name="v" select="@upper"/></xsl:call-template>
          </div>
        </xsl:if>
      </td>
      <td><xsl:call-template name="shown"><xsl:with-param name="v" select="../r:expect/@shown"/></xsl:call-template></td>
      <td class="num">
        <xsl:if test="@coverage"><xsl:call-template name="num"><xsl:with-param name="v" select="format-number(@coverage * 100, '0.0')"/></xsl:call-template> %</xsl:if>
      </td>
    </tr>
    <xsl:if test="r:graph">
      <tr class="graph">
        <td colspan="5"><img alt="{concat(@plugin, substring('-', 1, string-length(@plugin-instance)), @plugin-instance, ' ', @type, substring('-', 1, string-length(@type-instance)), @type-instance)}" src="data:{r:graph/@type};base64,{normalize-space(r:graph)}"/></td>
      </tr>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
