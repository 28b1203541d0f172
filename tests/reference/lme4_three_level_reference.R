# Reference values for the three-level kit.analysis.multilevel.mixed_model (pupils in teams in schools)
# from lme4 (nested random intercepts, REML):  lmer(y ~ x + (1 | school/team), REML = TRUE).
#
# Dataset: mlmRev::star (Debian package r-cran-mlmrev), the Tennessee STAR project (Student
# Teacher Achievement Ratio; Word et al. 1990, as distributed with mlmRev). Why this one:
# it has a genuine three-level structure that mirrors the kit's pupils / teacher teams / schools
# (pupils in their teacher's class, classes in schools) and a *numeric predictor measured at the
# middle level*, as the kit's team habit score is: the teacher's years of experience (`exp`).
# The bh1996 and lq2002 data of the multilevel package have two levels only; lme4's Pastes has
# three levels but no predictor at all.
#
# Model: kindergarten maths score (`math`) on teacher experience (`exp`), random intercepts for
# school (`sch`) and for teacher within school (`tch`). Associations only, as everywhere in the kit.
#
# Deterministic subset (keeps the CSV small and the test fast): kindergarten rows (gr == "K")
# with math and exp present; the 30 schools with the smallest numeric id; rows ordered by school,
# teacher and pupil id (all numeric); at most the first 15 pupils of each teacher.
#
# Optimiser: the REML criterion is so flat in the variances here (about 19000 in size, changing
# by 1e-12 when the school variance moves by 2e-4) that lme4's default stopping rule leaves the
# school variance about 5e-3 from the optimum, and bobyqa/nloptwrap at their tightest settings
# still disagree by 3e-4. The reference is therefore the exact optimum of lme4's own profiled
# REML deviance: bobyqa (rhoend 1e-10), then Newton steps with numDeriv's Richardson gradient and
# Hessian until the step is below 1e-9 in theta. The fit with lme4's default control is stored as
# well ("lme4_default") so the difference is visible.
#
#   Rscript tests/reference/lme4_three_level_reference.R     (from the repository root)
suppressPackageStartupMessages({
  library(mlmRev); library(lme4); library(jsonlite); library(numDeriv)
})
data(star)
out_dir <- "tests/reference"
num <- function(f) as.integer(as.character(f))
k <- star[star$gr == "K" & !is.na(star$math) & !is.na(star$exp), ]
schools <- sort(unique(num(k$sch)))[1:30]
k <- k[num(k$sch) %in% schools, ]
k <- k[order(num(k$sch), num(k$tch), num(k$id)), ]
d <- do.call(rbind, lapply(split(k, factor(num(k$tch), levels = unique(num(k$tch)))),
                           function(g) head(g, 15)))
d <- data.frame(id = num(d$id), sch = num(d$sch), tch = num(d$tch), exp = d$exp, math = d$math)
write.csv(d, file.path(out_dir, "star_lme4_three_level_subset.csv"), row.names = FALSE)
bobyqa_newton <- function(fn, par, lower, upper, control = list()) {
  opt <- minqa::bobyqa(par, fn, lower = lower, upper = upper,
                       control = list(rhoend = 1e-10, maxfun = 1e5))
  x <- opt$par
  f <- fn(x)
  for (i in 1:20) {
    g <- numDeriv::grad(fn, x, method.args = list(d = 0.01, r = 4))
    step <- -solve(numDeriv::hessian(fn, x), g)
    xn <- pmax(x + step, lower)
    fn_new <- fn(xn)
    if (fn_new > f + 1e-10) break
    x <- xn
    f <- fn_new
    if (max(abs(step)) < 1e-9) break
  }
  fn(x)  # leave lme4's environment at the final theta
  list(par = x, fval = f, feval = opt$feval, conv = 0,
       message = sprintf("bobyqa, then %d Newton step(s)", i))
}
values <- function(fit) {
  vc <- as.data.frame(VarCorr(fit))
  list(intercept = unname(fixef(fit)["(Intercept)"]),
       slope = unname(fixef(fit)["exp"]),
       se = unname(sqrt(diag(vcov(fit)))[2]),
       team_variance = vc$vcov[vc$grp == "tch:sch"],
       school_variance = vc$vcov[vc$grp == "sch"],
       residual_variance = vc$vcov[vc$grp == "Residual"],
       loglik = as.numeric(logLik(fit)),
       theta = unname(getME(fit, "theta")))
}
fit <- lmer(math ~ exp + (1 | sch/tch), data = d, REML = TRUE,
            control = lmerControl(optimizer = bobyqa_newton))
default <- lmer(math ~ exp + (1 | sch/tch), data = d, REML = TRUE)
res <- c(list(
  r_version = R.version.string, lme4_version = as.character(packageVersion("lme4")),
  mlmRev_version = as.character(packageVersion("mlmRev")),
  numDeriv_version = as.character(packageVersion("numDeriv")),
  minqa_version = as.character(packageVersion("minqa")),
  formula = "math ~ exp + (1 | sch/tch), REML = TRUE",
  optimizer = fit@optinfo$message,
  n = nrow(d), n_teams = length(unique(d$tch)), n_schools = length(unique(d$sch))),
  values(fit),
  list(lme4_default = values(default)))
write_json(res, file.path(out_dir, "lme4_three_level_reference.json"), digits = NA,
           auto_unbox = TRUE, pretty = TRUE)
cat("wrote", file.path(out_dir, "lme4_three_level_reference.json"), "\n")
