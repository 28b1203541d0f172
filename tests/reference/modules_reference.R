# Reference values for the optional module scales (tests/test_modules.py, issue 15): Cronbach's
# alpha of the team psychological safety scale (Edmondson 1999; PS_01, PS_03, PS_05 reverse-keyed)
# and the respondents' scale scores, on the small fixed synthetic data set
# tests/reference/modules_ps_answers.csv (16 made-up respondents, 4 missing answers).
#
# Run from the repository root; it rewrites tests/reference/modules_reference.json:
#
#   Rscript tests/reference/modules_reference.R
#
# The kit flips reverse-keyed items about the nominal scale ends (6 - x on 1..5); psych's
# alpha with `keys` flips about the observed ends, which gives the same alpha (covariances do not
# depend on the flip point) and is checked here as well. A score is the mean of the answered
# items when at least ceiling(7 * 2/3) = 5 of the 7 are answered, else missing (no imputation).
suppressPackageStartupMessages({
  library(psych)
  library(jsonlite)
})
out_dir <- "tests/reference"
if (!dir.exists(out_dir)) stop("run from the repository root: Rscript tests/reference/modules_reference.R")
d <- read.csv(file.path(out_dir, "modules_ps_answers.csv"), stringsAsFactors = FALSE)
items <- paste0("PS_0", 1:7)
rev <- c("PS_01", "PS_03", "PS_05")
x <- d[, items]
x[, rev] <- 6 - x[, rev]
a <- suppressWarnings(alpha(x, warnings = FALSE))
a_keys <- suppressWarnings(alpha(d[, items], keys = rev, warnings = FALSE))
stopifnot(abs(a$total$raw_alpha - a_keys$total$raw_alpha) < 1e-12)
answered <- rowSums(!is.na(x))
score <- ifelse(answered >= 5, rowMeans(x, na.rm = TRUE), NA)
out <- list(
  r_version = R.version.string,
  psych_version = as.character(packageVersion("psych")),
  raw_alpha = a$total$raw_alpha,
  raw_alpha_keys = a_keys$total$raw_alpha,
  std_alpha = a$total$std.alpha,
  n = nrow(d),
  respondent_id = d$respondent_id,
  score = score
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null", pretty = TRUE),
           file.path(out_dir, "modules_reference.json"))
