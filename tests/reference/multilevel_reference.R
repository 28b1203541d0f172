# Reference values for kit.analysis.stats (ICC1, ICC2, rwg, rwg.j, ad.m) from R's multilevel package,
# computed on lq2002, a public dataset shipped with multilevel (Bliese, Halverson & Schriesheim
# 2002: 2042 soldiers in 49 companies, leadership items on a 5-point scale).
#
#   Rscript tests/reference/multilevel_reference.R     (from the repository root)
#
# Writes tests/reference/lq2002_subset.csv (the data used) and
# tests/reference/multilevel_reference.json (the values, with R and package versions).
# Small teams: the subset keeps 12 companies whole and cuts 5 more to 1..5 soldiers, so that
# groups of size 1 to 5 occur; some item answers are set missing in a fixed pattern.
suppressPackageStartupMessages({library(multilevel); library(jsonlite)})
data(lq2002)
out_dir <- "tests/reference"
items <- c("LEAD01", "LEAD02", "LEAD03", "LEAD04", "LEAD05", "LEAD06")
ids <- sort(unique(lq2002$COMPID))
whole <- ids[1:12]
cut <- ids[13:17]
d <- lq2002[lq2002$COMPID %in% whole, c("COMPID", items)]
for (k in seq_along(cut)) {
  g <- lq2002[lq2002$COMPID == cut[k], c("COMPID", items)]
  d <- rbind(d, g[seq_len(k), ])
}
# missing answers in a fixed pattern (every 17th row misses LEAD02, every 23rd LEAD05)
d$LEAD02[seq(3, nrow(d), by = 17)] <- NA
d$LEAD05[seq(5, nrow(d), by = 23)] <- NA
d$SCORE <- rowMeans(d[, items], na.rm = TRUE)
d$COMPID <- paste0("C", d$COMPID)
write.csv(d, file.path(out_dir, "lq2002_subset.csv"), row.names = FALSE, na = "")

grp <- d$COMPID
icc_fit <- aov(SCORE ~ as.factor(COMPID), data = d)
ranvar <- (5^2 - 1) / 12
r1 <- rwg(d$LEAD01, grp, ranvar = ranvar)          # rwg drops missing values itself
rj <- rwg.j(d[, items], grp, ranvar = ranvar)      # rows with any missing item are dropped
am <- ad.m(d$LEAD03, grp, type = "mean")
amd <- ad.m(d$LEAD03, grp, type = "median")
res <- list(
  r_version = R.version.string,
  multilevel_version = as.character(packageVersion("multilevel")),
  n_rows = nrow(d), n_groups = length(unique(grp)),
  icc1 = ICC1(icc_fit), icc2 = ICC2(icc_fit),
  rwg = list(group = as.character(r1$grpid), rwg = r1$rwg, gsize = r1$gsize),
  rwg_j = list(group = as.character(rj$grpid), rwg_j = rj$rwg.j, gsize = rj$gsize),
  ad_m = list(group = as.character(am$grpid), ad_m = am$AD.M, gsize = am$gsize),
  ad_m_median = list(group = as.character(amd$grpid), ad_m = amd$AD.M, gsize = amd$gsize)
)
write_json(res, file.path(out_dir, "multilevel_reference.json"), digits = NA, auto_unbox = TRUE,
           pretty = TRUE, na = "null")
cat("wrote", file.path(out_dir, "multilevel_reference.json"), "\n")
