/* Unit tests of the evidence graphs: a series drawn as a PNG (decoded
 * here with libpng), approved maintenance shaded in its colour over its
 * span and nowhere when there is none. */
#include "rrd_source.h"
#include "testutil.h"

#include <check.h>
#include <math.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

/* The plot is VG_GRAPH_WIDTH x VG_GRAPH_HEIGHT pixels, with the axis
 * below it and no legend. */
enum { ROWS = 120, STEP = 60, WIDTH = VG_GRAPH_WIDTH, PLOT_BOTTOM = VG_GRAPH_HEIGHT + 20 };
#define T0 ((time_t)1900000020)

static double avg[ROWS];

/* The columns of the PNG's plot holding a pixel of colour hex
 * ("#rrggbb"): the first in *first, their count returned. */
static int columns_of(const unsigned char *png, size_t len, const char *hex, int *first)
{
  unsigned long rgb = strtoul(hex + 1, NULL, 16);
  unsigned char want[3] = {(unsigned char)(rgb >> 16), (unsigned char)(rgb >> 8),
                           (unsigned char)rgb};
  png_image img;
  unsigned char *px;
  int n = 0;

  memset(&img, 0, sizeof(img));
  img.version = PNG_IMAGE_VERSION;
  ck_assert_msg(png_image_begin_read_from_memory(&img, png, len), "%s", img.message);
  img.format = PNG_FORMAT_RGB;
  px = malloc(PNG_IMAGE_SIZE(img));
  ck_assert_ptr_nonnull(px);
  ck_assert_msg(png_image_finish_read(&img, NULL, px, 0, NULL), "%s", img.message);
  *first = -1;
  for (unsigned x = 0; x < img.width; x++) {
    int hit = 0;
    for (unsigned y = 0; y < PLOT_BOTTOM && y < img.height && !hit; y++)
      hit = memcmp(px + (y * img.width + x) * 3, want, 3) == 0;
    if (hit && *first < 0)
      *first = (int)x;
    n += hit;
  }
  free(px);
  return n;
}

/* The first column of the PNG's plot crossed from top to bottom by a line
 * of the grid's hue (blended with the background as librrd draws it: red
 * and blue well above green), or -1; the count of such columns in *n. */
static int first_vertical_line(const unsigned char *png, size_t len, int *n)
{
  png_image img;
  unsigned char *px;
  int first = -1;

  memset(&img, 0, sizeof(img));
  img.version = PNG_IMAGE_VERSION;
  ck_assert_msg(png_image_begin_read_from_memory(&img, png, len), "%s", img.message);
  img.format = PNG_FORMAT_RGB;
  px = malloc(PNG_IMAGE_SIZE(img));
  ck_assert_ptr_nonnull(px);
  ck_assert_msg(png_image_finish_read(&img, NULL, px, 0, NULL), "%s", img.message);
  *n = 0;
  for (unsigned x = 0; x < img.width; x++) {
    int hue = 0;
    for (unsigned y = 0; y < PLOT_BOTTOM && y < img.height; y++) {
      const unsigned char *c = px + (y * img.width + x) * 3;
      hue += c[0] > c[1] + 30 && c[2] > c[1] + 30;
    }
    if (hue >= 80) {
      if (first < 0)
        first = (int)x;
      ++*n;
    }
  }
  free(px);
  return first;
}

/* Draws the series with the spans excluded; the PNG's maintenance columns. */
static int draw(const vg_span_t *spans, size_t n, int *first)
{
  vg_series_t s = {.start = T0, .step = STEP, .rows = ROWS, .avg = avg};
  unsigned char *png;
  size_t len;
  char err[512];
  int cols;

  for (size_t i = 0; i < ROWS; i++)
    avg[i] = 0.5; /* a flat line: no vertical stroke hides a column */
  s.exclude = spans;
  s.n_exclude = n;
  ck_assert_msg(
      vg_rrd_graph(&s, "test", T0, T0 + ROWS * STEP, 1, 0, 0, &png, &len, err, sizeof(err)) == 0,
      "%s", err);
  ck_assert_uint_gt(len, 8);
  ck_assert_int_eq(memcmp(png, "\x89PNG", 4), 0);
  cols = columns_of(png, len, VG_GRAPH_MAINTENANCE_COLOUR, first);
  free(png);
  return cols;
}

/* 20 minutes of a 2-hour graph: a sixth of its width shaded, and a span
 * 20 minutes later starts a sixth of the width further right. */
START_TEST(test_maintenance_shaded_over_its_span)
{
  vg_span_t a = {T0 + 2400, T0 + 3600}, b = {T0 + 3600, T0 + 4800};
  int first_a, first_b, cols;

  cols = draw(&a, 1, &first_a);
  ck_assert_msg(cols >= WIDTH / 6 - 3 && cols <= WIDTH / 6 + 3, "%d columns shaded", cols);
  cols = draw(&b, 1, &first_b);
  ck_assert_msg(cols >= WIDTH / 6 - 3 && cols <= WIDTH / 6 + 3, "%d columns shaded", cols);
  ck_assert_msg(abs(first_b - first_a - WIDTH / 6) <= 2, "starts at %d and %d", first_a, first_b);
}
END_TEST

START_TEST(test_no_maintenance_no_shade)
{
  int first;

  ck_assert_int_eq(draw(NULL, 0, &first), 0);
  ck_assert_int_eq(first, -1);
}
END_TEST

/* Four days from 30/04/2020 00:00 (+07:00) drawn for the +07:00 report:
 * day lines at the report's midnights, a quarter of the width apart;
 * drawn at UTC, the same lines move 7 h (7/96 of the width). */
enum { DAYS_ROWS = 576, DAYS_STEP = 600 };
#define MIDNIGHT_07 ((time_t)1588179600)
static double days[DAYS_ROWS];

static int first_day_line(int offset)
{
  vg_series_t s = {.start = MIDNIGHT_07, .step = DAYS_STEP, .rows = DAYS_ROWS, .avg = days};
  unsigned char *png;
  size_t len;
  char err[512];
  int first, cols;

  for (size_t i = 0; i < DAYS_ROWS; i++)
    days[i] = 0.5;
  ck_assert_msg(vg_rrd_graph(&s, "days", MIDNIGHT_07, MIDNIGHT_07 + DAYS_ROWS * DAYS_STEP, NAN, 0,
                             offset, &png, &len, err, sizeof(err)) == 0,
                "%s", err);
  first = first_vertical_line(png, len, &cols);
  free(png);
  ck_assert_msg(cols >= 3, "%d day lines", cols);
  return first;
}

START_TEST(test_axis_in_the_report_offset)
{
  const char *tz = getenv("TZ");
  int local, utc;

  setenv("TZ", "UTC", 1); /* the machine's zone, which must not matter */
  local = first_day_line(7 * 3600);
  utc = first_day_line(0);
  ck_assert_str_eq(getenv("TZ"), "UTC"); /* and is given back */
  if (tz != NULL)
    setenv("TZ", tz, 1);
  else
    unsetenv("TZ");
  /* the first line: 24:00 of the 30th at +07:00, one day (100 columns
   * at 400) in; at UTC, 00:00 UTC of the 1st, 7 h (29 columns) in: 71
   * apart */
  int apart = WIDTH / 4 - WIDTH * 7 / 96;
  ck_assert_msg(local - utc >= apart - 4 && local - utc <= apart + 4,
                "first day line at %d (+07:00) and %d (UTC)", local, utc);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("graphs");
  TCase *tc = tcase_create("core");

  tcase_add_test(tc, test_maintenance_shaded_over_its_span);
  tcase_add_test(tc, test_no_maintenance_no_shade);
  tcase_add_test(tc, test_axis_in_the_report_offset);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}
