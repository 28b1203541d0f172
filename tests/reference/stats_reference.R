# Reference values for kit.analysis.stats (tests/test_stats.py), computed with R's psych and multilevel
# on public datasets shipped with the R packages:
#
#   psychTools::bfi     2800 people, 25 personality items on a 1-6 scale (Revelle, SAPA project)
#   multilevel::lq2002  2042 soldiers in 49 companies, leadership (LEAD) and task significance
#                       (TSIG) items on a 1-5 scale (Bliese, Halverson & Schriesheim 2002)
#   multilevel::bh1996  7382 soldiers in 99 companies, scale scores (Bliese & Halverson 1996)
#
# Run from the repository root; it rewrites every file it owns in tests/reference/:
#
#   Rscript tests/reference/stats_reference.R
#
#   stats_bfi_subset.csv    150 bfi rows, items A1-A5, C1-C5, E1-E5, 30 rows with missing answers
#   stats_lq2002_subset.csv 16 companies cut to 1..20 soldiers, 8 items, missing answers, one
#                           planted disagreement
#   stats_bh1996_subset.csv 15 companies cut to 1..20 soldiers, WBEING, LEAD, HRS (HRS missing
#                           in every 9th row)
#   stats_reference.json    the values, with the R and package versions
#
# Every subset is made deterministically (no random numbers). Reversed items are flipped about
# the nominal scale ends (7 - x on the 1-6 scale), as the kit does; psych's alpha with `keys`
# gives the same alpha (checked below), because covariances do not depend on the flip point.
suppressPackageStartupMessages({
  library(psych)
  library(psychTools)
  library(multilevel)
  library(jsonlite)
})
out_dir <- "tests/reference"
if (!dir.exists(out_dir)) stop("run from the repository root: Rscript tests/reference/stats_reference.R")
quiet <- function(expr) suppressWarnings(suppressMessages(expr))

# ---------------------------------------------------------------- bfi: alpha and omega
data(bfi, package = "psychTools")
items15 <- c(paste0("A", 1:5), paste0("C", 1:5), paste0("E", 1:5))
has_na <- which(rowSums(is.na(bfi[, items15])) > 0)
complete <- setdiff(seq_len(nrow(bfi)), has_na)
keep <- sort(c(complete[1:120], has_na[1:30]))
bfi_sub <- bfi[keep, items15]
rownames(bfi_sub) <- NULL
write.csv(bfi_sub, file.path(out_dir, "stats_bfi_subset.csv"), row.names = FALSE, na = "")

sub_na <- which(rowSums(is.na(bfi_sub)) > 0)
all_rows <- seq_len(nrow(bfi_sub))
small_team <- sort(c(1:8, sub_na[1:4]))                         # a team of 12, 4 with gaps
constant <- which(!is.na(bfi_sub$A2) & bfi_sub$A2 == 6)[1:10]   # A2 has no variance here

alpha_cases <- list(
  agreeableness = list(items = paste0("A", 1:5), reverse = "A1", rows = all_rows),
  conscientiousness = list(items = paste0("C", 1:5), reverse = c("C4", "C5"), rows = all_rows),
  extraversion = list(items = paste0("E", 1:5), reverse = c("E1", "E2"), rows = all_rows),
  extraversion_unreversed = list(items = paste0("E", 1:5), reverse = character(0),
                                 rows = all_rows),
  three_traits = list(items = items15, reverse = c("A1", "C4", "C5", "E1", "E2"),
                      rows = all_rows),
  small_team = list(items = paste0("A", 1:5), reverse = "A1", rows = small_team),
  constant_item = list(items = paste0("A", 1:5), reverse = "A1", rows = constant),
  two_items = list(items = c("A2", "A3"), reverse = character(0), rows = all_rows)
)
reversed <- function(x, rev) {
  for (col in rev) x[[col]] <- 7 - x[[col]]       # nominal ends of the 1-6 scale
  x
}
alpha_out <- list()
for (name in names(alpha_cases)) {
  case <- alpha_cases[[name]]
  x <- bfi_sub[case$rows, case$items]
  xr <- reversed(x, case$reverse)
  a <- quiet(alpha(xr, warnings = FALSE))
  dropped <- setdiff(case$items, sub("-$", "", rownames(a$alpha.drop)))
  # same alpha with psych's own keys (psych cannot combine keys with a dropped item)
  if (length(case$reverse) > 0 && length(dropped) == 0) {
    ak <- quiet(alpha(x, keys = case$reverse, warnings = FALSE))
    stopifnot(isTRUE(all.equal(ak$total$raw_alpha, a$total$raw_alpha, tolerance = 1e-12)))
  }
  res <- list(
    items = I(case$items), reverse = I(case$reverse), scale = I(c(1, 6)),
    rows = if (identical(case$rows, all_rows)) "all" else I(case$rows),
    raw_alpha = a$total$raw_alpha, std_alpha = a$total$std.alpha,
    average_r = a$total$average_r,
    ci_low = a$feldt$lower.ci[[1]], ci_high = a$feldt$upper.ci[[1]],
    n = nrow(x), k = a$nvar, dropped = I(dropped),
    omega_total = NA, fa_loadings = NA
  )
  if (length(case$items) >= 3 && length(dropped) == 0) {
    o <- quiet(omega(xr, nfactors = 1, plot = FALSE))
    f <- quiet(fa(cor(xr, use = "pairwise"), nfactors = 1, fm = "minres"))
    res$omega_total <- o$omega.tot
    res$fa_loadings <- I(as.numeric(f$loadings[, 1]))
  }
  alpha_out[[name]] <- res
}
# psych's Feldt n is nrow(x): rows without any answer count. The kit leaves them out; these
# values show the difference (3 empty rows appended to the agreeableness case).
xa <- reversed(bfi_sub[, paste0("A", 1:5)], "A1")
xa_empty <- rbind(xa, xa[rep(NA_integer_, 3), ])
ae <- quiet(alpha(xa_empty, warnings = FALSE))
alpha_empty_rows <- list(n = nrow(xa_empty), raw_alpha = ae$total$raw_alpha,
                         ci_low = ae$feldt$lower.ci[[1]], ci_high = ae$feldt$upper.ci[[1]])

# ---------------------------------------------------------------- lq2002: agreement, ICC
data(lq2002)
ml_items <- c("LEAD07", "LEAD08", "LEAD09", "LEAD10", "LEAD11", "TSIG01", "TSIG02", "TSIG03")
ids <- sort(unique(lq2002$COMPID))[30:45]
sizes <- c(20, 2, 3, 4, 5, 1, 2, 3, 4, 15, 6, 8, 10, 12, 1, 5)
lq <- do.call(rbind, lapply(seq_along(ids), function(i) {
  g <- lq2002[lq2002$COMPID == ids[i], c("COMPID", ml_items)]
  g[seq_len(sizes[i]), ]
}))
rownames(lq) <- NULL
lq$COMPID <- paste0("C", lq$COMPID)
grp_rows <- split(seq_len(nrow(lq)), lq$COMPID)
# missing answers in a fixed pattern
lq$LEAD08[seq(4, nrow(lq), by = 13)] <- NA
lq$TSIG02[seq(6, nrow(lq), by = 11)] <- NA
lq$LEAD09[grp_rows[["C37"]][1:2]] <- NA      # team of 3 with one LEAD09 answer: rwg NA
lq$TSIG01[grp_rows[["C35"]]] <- NA           # team of 2 without TSIG01: no rwg row at all
lq$LEAD07[grp_rows[["C43"]]] <- c(1, 5)      # planted disagreement: variance 8 > 2, rwg 0
lq$SCORE <- rowMeans(lq[, c("LEAD07", "LEAD08", "LEAD09", "LEAD10", "LEAD11")], na.rm = TRUE)
write.csv(lq, file.path(out_dir, "stats_lq2002_subset.csv"), row.names = FALSE, na = "")

ranvar <- function(a) (a^2 - 1) / 12
per_group <- function(res, col) {
  list(group = as.character(res$grpid), value = unname(res[[col]]), gsize = unname(res$gsize))
}
rwg_out <- list()
for (spec in list(c("LEAD07", 5), c("LEAD09", 5), c("TSIG01", 5), c("LEAD07", 7))) {
  v <- spec[1]; a <- as.numeric(spec[2])
  rwg_out[[paste0(v, "_A", a)]] <- c(list(value_column = v, options = a),
                                      per_group(rwg(lq[[v]], lq$COMPID, ranvar = ranvar(a)), "rwg"))
}
rwgj_out <- list()
for (name in c("LEAD", "TSIG")) {
  cols <- grep(name, ml_items, value = TRUE)
  rwgj_out[[name]] <- c(list(items = I(cols), options = 5),
                        per_group(rwg.j(lq[, cols], lq$COMPID, ranvar = ranvar(5)), "rwg.j"))
}
adm_out <- list()
for (type in c("mean", "median")) {
  adm_out[[paste0("LEAD07_", type)]] <- c(list(value_column = I("LEAD07"), type = type),
                                          per_group(ad.m(lq$LEAD07, lq$COMPID, type = type), "AD.M"))
  tsig <- c("TSIG01", "TSIG02", "TSIG03")
  adm_out[[paste0("TSIG_", type)]] <- c(list(value_column = I(tsig), type = type),
                                        per_group(ad.m(lq[, tsig], lq$COMPID, type = type), "AD.M"))
}

# ---------------------------------------------------------------- bh1996: ICC, intervals
data(bh1996)
bh_ids <- sort(unique(bh1996$GRP))[seq(5, 75, by = 5)]
bh_sizes <- c(1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 3, 4, 5)
bh <- do.call(rbind, lapply(seq_along(bh_ids), function(i) {
  g <- bh1996[bh1996$GRP == bh_ids[i], c("GRP", "WBEING", "LEAD", "HRS")]
  g[seq_len(bh_sizes[i]), ]
}))
rownames(bh) <- NULL
bh$GRP <- as.integer(bh$GRP)
bh$HRS[seq(9, nrow(bh), by = 9)] <- NA
write.csv(bh, file.path(out_dir, "stats_bh1996_subset.csv"), row.names = FALSE, na = "")
bh <- read.csv(file.path(out_dir, "stats_bh1996_subset.csv"))   # the values as written

icc_case <- function(file, d, value, group) {
  fit <- aov(as.formula(paste(value, "~ as.factor(", group, ")")), data = d)
  list(file = file, value_column = value, group_column = group,
       icc1 = ICC1(fit), icc2 = ICC2(fit))
}
lq_read <- read.csv(file.path(out_dir, "stats_lq2002_subset.csv"))
icc_out <- list(
  bh1996_WBEING = icc_case("stats_bh1996_subset.csv", bh, "WBEING", "GRP"),
  bh1996_HRS = icc_case("stats_bh1996_subset.csv", bh, "HRS", "GRP"),
  lq2002_SCORE = icc_case("stats_lq2002_subset.csv", lq_read, "SCORE", "COMPID")
)

mean_out <- list()
for (level in c(0.95, 0.90)) {
  rows <- list()
  for (g in sort(unique(bh$GRP))) {
    x <- bh$WBEING[bh$GRP == g]
    if (length(x) < 2) next
    tt <- t.test(x, conf.level = level)
    rows[[length(rows) + 1]] <- list(group = g, n = length(x), mean = mean(x), sd = sd(x),
                                     se = sd(x) / sqrt(length(x)), ci_low = tt$conf.int[1],
                                     ci_high = tt$conf.int[2])
  }
  mean_out[[sprintf("level_%.2f", level)]] <- list(level = level, value_column = "WBEING",
                                                   groups = rows)
}

team_means <- aggregate(cbind(WBEING, LEAD) ~ GRP, data = bh, FUN = mean)
lq_means <- aggregate(cbind(TSIG01, LEAD10) ~ COMPID, data = lq_read, FUN = mean)
fisher_out <- list()
for (level in c(0.95, 0.90)) {
  ct <- cor.test(team_means$WBEING, team_means$LEAD, conf.level = level)
  fisher_out[[sprintf("bh1996_WBEING_LEAD_%.2f", level)]] <- list(
    r = unname(ct$estimate), n = nrow(team_means), level = level,
    ci_low = ct$conf.int[1], ci_high = ct$conf.int[2])
  ct <- cor.test(lq_means$TSIG01, lq_means$LEAD10, conf.level = level)
  fisher_out[[sprintf("lq2002_TSIG01_LEAD10_%.2f", level)]] <- list(
    r = unname(ct$estimate), n = nrow(lq_means), level = level,
    ci_low = ct$conf.int[1], ci_high = ct$conf.int[2])
}

# ---------------------------------------------------------------- write
versions <- function(p) as.character(packageVersion(p))
res <- list(
  generated_by = "tests/reference/stats_reference.R",
  r_version = R.version.string,
  packages = list(psych = versions("psych"), psychTools = versions("psychTools"),
                  multilevel = versions("multilevel"), jsonlite = versions("jsonlite")),
  files = list(bfi = "stats_bfi_subset.csv", lq2002 = "stats_lq2002_subset.csv",
               bh1996 = "stats_bh1996_subset.csv"),
  alpha = alpha_out,
  alpha_psych_counts_empty_rows = alpha_empty_rows,
  icc = icc_out,
  rwg = rwg_out,
  rwg_j = rwgj_out,
  ad_m = adm_out,
  mean_ci = mean_out,
  fisher_ci = fisher_out
)
write_json(res, file.path(out_dir, "stats_reference.json"), digits = NA, auto_unbox = TRUE,
           pretty = TRUE, na = "null")
cat("wrote", file.path(out_dir, "stats_reference.json"), "and 3 data files\n")
